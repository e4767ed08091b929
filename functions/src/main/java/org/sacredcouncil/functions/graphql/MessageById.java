package org.sacredcouncil.functions.graphql;

import java.sql.SQLException;
import java.util.Optional;

/**
 * One message as {@code GET /v1/messages} lists it (its JSON object), for federation's {@code _entities}: REST has
 * no route for a single message, so heart serves it from the same query and the same writer as the listing.
 */
@FunctionalInterface
public interface MessageById {

    Optional<String> json(String id) throws SQLException;
}
