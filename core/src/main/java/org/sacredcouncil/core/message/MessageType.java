package org.sacredcouncil.core.message;

/**
 * What a sacred message is. The base impact says how a message of the type moves the field before its text
 * and the love amplification are taken into account: gifts and thanks lift it, concerns pull it down,
 * questions barely move it.
 */
public enum MessageType {
    /** Wishing well to the council or someone in it. */
    BLESSING("blessing", 0.040, true),
    /** Thanks for something received. */
    GRATITUDE("gratitude", 0.035, true),
    /** Something given: work, time, a resource. */
    OFFERING("offering", 0.030, true),
    /** An understanding shared with the council. */
    INSIGHT("insight", 0.025, false),
    /** A stated aim the agent commits to. */
    INTENTION("intention", 0.020, false),
    /** A question to the council; asking is healthy but unsettled. */
    QUESTION("question", 0.005, false),
    /** A worry or disagreement; it lowers coherence until it is answered. */
    CONCERN("concern", -0.030, false);

    private final String wire;
    private final double baseImpact;
    private final boolean loving;

    MessageType(String wire, double baseImpact, boolean loving) {
        this.wire = wire;
        this.baseImpact = baseImpact;
        this.loving = loving;
    }

    /** The lower-case name used in JSON. */
    public String wire() {
        return wire;
    }

    public double baseImpact() {
        return baseImpact;
    }

    /** Loving messages feed the love amplification. */
    public boolean isLoving() {
        return loving;
    }

    /** The type for a wire name, or null when unknown (callers turn that into a field error). */
    public static MessageType fromWire(String wire) {
        if (wire == null) {
            return null;
        }
        for (MessageType type : values()) {
            if (type.wire.equals(wire)) {
                return type;
            }
        }
        return null;
    }

    /** The accepted wire names, comma separated, for error messages. */
    public static String wireNames() {
        StringBuilder sb = new StringBuilder();
        for (MessageType type : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(type.wire);
        }
        return sb.toString();
    }
}
