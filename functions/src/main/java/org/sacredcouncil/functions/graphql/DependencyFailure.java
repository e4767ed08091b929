package org.sacredcouncil.functions.graphql;

/**
 * heart's own failure inside a resolver (PostgreSQL, Firestore, Pub/Sub): carried out of graphql-java unchecked,
 * then rethrown as the original by {@link GraphqlEndpoint}, so heart answers it as for REST (503 and
 * {@code X-Origin-Fault}, docs/contracts.md#origin-fault) instead of hiding it in a {@code 200}.
 */
final class DependencyFailure extends RuntimeException {

    DependencyFailure(Exception cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
