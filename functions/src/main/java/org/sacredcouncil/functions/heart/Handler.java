package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.Map;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.PublishFailedException;

/**
 * One row's job in {@link HeartRoutes}. A handler refuses (throws {@link org.sacredcouncil.functions.http.ApiError})
 * before it writes or publishes anything, and touches PostgreSQL only after the request's own checks, so that a
 * bad request is the client's 4xx even while the database is down. The checked exceptions are heart's own
 * failures, mapped by {@link HeartFunction} to 503 with {@code X-Origin-Fault}.
 */
interface Handler {

    /** @param path the pattern's {@code {name}} segments of this request, by name */
    JsonResponse handle(IncomingRequest request, Map<String, String> path)
            throws SQLException, LiveViewException, PublishFailedException;
}
