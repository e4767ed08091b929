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
public record PauseInput(
        boolean clientAsked,
        boolean write,
        double globalCoherence,
        boolean originAvailable,
        long millisUntilOriginBack,
        boolean heals) {

    /** The client sent {@code X-Sacred-Pause: needed}: nothing else is looked at. */
    public static PauseInput askedByClient(boolean write, double globalCoherence) {
        return new PauseInput(true, write, globalCoherence, true, 0, false);
    }

    /**
     * The routing plan has no origin to send to.
     *
     * @param millisUntilOriginBack how long until the first ejection ends, or 0 when unknown
     */
    public static PauseInput noOriginAvailable(boolean write, double globalCoherence, long millisUntilOriginBack) {
        return new PauseInput(false, write, globalCoherence, false, millisUntilOriginBack, false);
    }

    /**
     * An origin is there to take the request; only a low-coherence pause can stop it.
     *
     * @param heals the write lifts the field back up ({@link HealingWrites}); false for reads
     */
    public static PauseInput routable(boolean write, double globalCoherence, boolean heals) {
        return new PauseInput(false, write, globalCoherence, true, 0, heals);
    }

    /** A request that is not known to heal (reads, and callers that do not classify writes). */
    public PauseInput(
            boolean clientAsked,
            boolean write,
            double globalCoherence,
            boolean originAvailable,
            long millisUntilOriginBack) {
        this(clientAsked, write, globalCoherence, originAvailable, millisUntilOriginBack, false);
    }
}
