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
 * @param heals               the write is one that lifts the field back up ({@link HealingWrites}): the
 *                            low-coherence pause lets it through
 */
public record PauseInput(boolean clientAsked, boolean write, double globalCoherence, boolean originAvailable,
                         long millisUntilOriginBack, boolean heals) {

    /** A request that is not known to heal (reads, and callers that do not classify writes). */
    public PauseInput(boolean clientAsked, boolean write, double globalCoherence, boolean originAvailable,
                      long millisUntilOriginBack) {
        this(clientAsked, write, globalCoherence, originAvailable, millisUntilOriginBack, false);
    }
}
