package org.sacredcouncil.core.routing;

/**
 * Caps retries at a share of recent requests, as Envoy's retry budget does, so that a failing origin or
 * region cannot double the load on the others (docs/contracts.md#edge-config, {@code RETRY_BUDGET_PERCENT}).
 *
 * <p>"Recent" is a sliding window of {@link #WINDOW_SECONDS} one-second buckets. A retry is allowed while the
 * retries in the window stay below {@code max(minRetries, percent × requests / 100)}; the floor keeps a quiet
 * isolate (a few requests a minute) able to retry at all, like Envoy's {@code min_retry_concurrency}. A pure
 * state machine: time is passed in.
 */
public final class RetryBudget {

    public static final int WINDOW_SECONDS = 10;
    /** Retries always allowed per window, whatever the traffic (Envoy's default minimum is 3 too). */
    public static final int DEFAULT_MIN_RETRIES = 3;

    private final double percent;
    private final int minRetries;
    private final int[] bucketSecond = new int[WINDOW_SECONDS];
    private final int[] requests = new int[WINDOW_SECONDS];
    private final int[] retries = new int[WINDOW_SECONDS];

    public RetryBudget(double percent, int minRetries) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("retry budget percent must be within [0, 100], was " + percent);
        }
        if (minRetries < 0) {
            throw new IllegalArgumentException("minimum retries must not be negative, was " + minRetries);
        }
        this.percent = percent;
        this.minRetries = minRetries;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            bucketSecond[i] = Integer.MIN_VALUE;
        }
    }

    /** One request (not attempt) that the edge sends to origins. */
    public void requestStarted(long nowMillis) {
        requests[bucket(nowMillis)]++;
    }

    /** Claims a retry when the budget has room; the claim counts at once. */
    public boolean tryRetry(long nowMillis) {
        int index = bucket(nowMillis);
        int second = bucketSecond[index];
        int recentRequests = 0;
        int recentRetries = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (bucketSecond[i] > second - WINDOW_SECONDS) {
                recentRequests += requests[i];
                recentRetries += retries[i];
            }
        }
        double allowed = Math.max(minRetries, percent * recentRequests / 100);
        if (recentRetries >= allowed) {
            return false;
        }
        retries[index]++;
        return true;
    }

    /** Epoch seconds fit an int until 2038; the window only compares nearby seconds, so wrap-around is moot. */
    private int bucket(long nowMillis) {
        int second = (int) (nowMillis / 1000);
        int index = Math.floorMod(second, WINDOW_SECONDS);
        if (bucketSecond[index] != second) {
            bucketSecond[index] = second;
            requests[index] = 0;
            retries[index] = 0;
        }
        return index;
    }
}
