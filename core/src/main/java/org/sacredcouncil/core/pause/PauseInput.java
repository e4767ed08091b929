package org.sacredcouncil.core.pause;

/**
 * What the pause policy looks at for one request.
 *
 * @param clientAsked         the client sent {@code X-Sacred-Pause: needed}
 * @param write               the request changes state (not GET, HEAD or OPTIONS)
 * @param globalCoherence     the field's global coherence, in [0, 1]
 * @param originAvailable     at least one origin is healthy and not ejected
 * @param millisUntilOriginBack when no origin is available: how long until the first ejection ends, or 0
 *                            when unknown (all unhealthy in the field)
 */
public record PauseInput(boolean clientAsked, boolean write, double globalCoherence, boolean originAvailable,
                         long millisUntilOriginBack) {
}
