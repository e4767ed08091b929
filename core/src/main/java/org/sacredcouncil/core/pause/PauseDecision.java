package org.sacredcouncil.core.pause;

/**
 * The outcome of {@link PausePolicy}: no pause, or a pause with its status, its duration in milliseconds
 * ({@code X-Sacred-Pause-Duration}) and the same rounded up to whole seconds ({@code Retry-After}).
 */
public record PauseDecision(PauseKind kind, long durationMillis, long retryAfterSeconds) {

    public static final PauseDecision NONE = new PauseDecision(PauseKind.NONE, 0, 0);

    public static PauseDecision of(PauseKind kind, long durationMillis) {
        long millis = Math.max(1, durationMillis);
        return new PauseDecision(kind, millis, (millis + 999) / 1000);
    }

    public boolean paused() {
        return kind != PauseKind.NONE;
    }

    public int status() {
        return kind.status();
    }
}
