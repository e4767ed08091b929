package org.sacredcouncil.edge.limits;

/**
 * The rate-limit budget a proxied request counts against (docs/contracts.md#rate-limits), named by its binding.
 * Registrations, messages and heartbeats each have their own; every other request that reaches an origin
 * counts as a read (reads the edge answers from its field cache are not limited). Plain ints and strings, not
 * an enum: an enum's generated methods cost the bundle more than this whole class.
 */
public final class RequestKind {

    public static final int REGISTRATION = 0;
    public static final int MESSAGE = 1;
    public static final int PRESENCE = 2;
    public static final int READ = 3;
    /** docs/graphql.md#limits-at-edge: {@code deleteArtifact} (the artifacts routes count here too). */
    public static final int ARTIFACT = 4;

    /** Binding names, indexed by kind. */
    static final String[] BINDINGS = {
        "LIMIT_REGISTRATIONS", "LIMIT_MESSAGES", "LIMIT_PRESENCE", "LIMIT_READS", "LIMIT_ARTIFACTS"
    };

    private RequestKind() {}

    public static int of(String method, String path) {
        if (!method.equals("POST")) {
            return READ;
        }
        // an if-chain, not a string switch: TeaVM makes a hash switch and a second switch of one
        return path.equals("/v1/agents")
                ? REGISTRATION
                : path.equals("/v1/messages") ? MESSAGE : path.equals("/v1/presence") ? PRESENCE : READ;
    }

    public static String binding(int kind) {
        return BINDINGS[kind];
    }
}
