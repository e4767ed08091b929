package org.sacredcouncil.edge.proxy;

/**
 * Which requests may be sent to a second origin when the first fails. Reads are safe to repeat, and a write
 * with an {@code Idempotency-Key} is safe because heart answers a repeated key with the first result; any
 * other write might have been applied by the failed origin, so it is not retried.
 */
public final class RetryPolicy {

    private RetryPolicy() {}

    public static boolean retryable(String method, String idempotencyKey) {
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return true;
        }
        return idempotencyKey != null && !idempotencyKey.trim().isEmpty();
    }
}
