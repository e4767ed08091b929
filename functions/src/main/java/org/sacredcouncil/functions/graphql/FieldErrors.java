package org.sacredcouncil.functions.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A resolver's exception as a field error: a REST refusal carries the REST {@code code} and {@code field} in
 * {@code extensions} (docs/graphql.md#http); anything else (heart's own failure, a bug) is kept in the
 * {@link RequestScope} and becomes the whole answer, as it would for REST.
 */
final class FieldErrors implements DataFetcherExceptionHandler {

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
            DataFetcherExceptionHandlerParameters params) {
        Throwable e = params.getException();
        Map<String, Object> extensions = new LinkedHashMap<>();
        String message;
        if (e instanceof FieldFailure f) {
            extensions.put("code", f.code());
            if (f.field() != null) {
                extensions.put("field", f.field());
            }
            message = f.getMessage();
        } else {
            RequestScope scope =
                    params.getDataFetchingEnvironment().getGraphQlContext().get(RequestScope.class);
            scope.failed(e instanceof RuntimeException r ? r : new IllegalStateException(e));
            extensions.put("code", "unavailable");
            message = "a backing service is unavailable";
        }
        GraphQLError error = GraphqlErrorBuilder.newError()
                .message("%s", message)
                .path(params.getPath())
                .location(params.getSourceLocation())
                .extensions(extensions)
                .build();
        return CompletableFuture.completedFuture(
                DataFetcherExceptionHandlerResult.newResult().error(error).build());
    }
}
