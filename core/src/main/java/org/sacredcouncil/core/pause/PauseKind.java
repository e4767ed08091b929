package org.sacredcouncil.core.pause;

/** Why a request is paused; each kind has one HTTP status and one error code. */
public enum PauseKind {
    /** Nothing to pause: forward the request. */
    NONE(0, ""),
    /** The client sent {@code X-Sacred-Pause: needed}: an accepted, deliberate pause. */
    CLIENT_REQUESTED(202, "sacred_pause"),
    /** Global coherence is below the threshold: writes wait, reads are still served. */
    LOW_COHERENCE(503, "low_coherence"),
    /** Every origin is unhealthy or ejected. */
    NO_ORIGIN(503, "no_origin_available"),
    /** The client went over one of the edge's rate limits (docs/contracts.md#rate-limits). */
    RATE_LIMITED(429, "rate_limited");

    private final int status;
    private final String code;

    PauseKind(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The {@code error.code} (or pause reason) in the JSON body. */
    public String code() {
        return code;
    }
}
