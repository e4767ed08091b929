package org.sacredcouncil.functions.graphql;

import java.sql.SQLException;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.PublishFailedException;

/**
 * The REST route a GraphQL field stands for, run by heart's own handler with the GraphQL request's headers
 * (docs/graphql.md#where: a query reads what the REST read reads, a mutation <b>is</b> the REST write). A
 * refusal comes back as its REST answer (status and {@code {"error": …}} body), never as an exception; heart's
 * own failures (PostgreSQL, Firestore, Pub/Sub) are thrown, as by the handler.
 */
@FunctionalInterface
public interface RestCall {

    /**
     * @param target path and query from {@code /v1/} on, query values percent-encoded
     * @param jsonBody the JSON body, or null for none
     */
    JsonResponse call(String method, String target, String jsonBody)
            throws SQLException, LiveViewException, PublishFailedException;
}
