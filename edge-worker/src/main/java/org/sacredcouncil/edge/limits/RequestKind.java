package org.sacredcouncil.edge.limits;

/**
 * The rate-limit budget a proxied request counts against (docs/contracts.md#rate-limits), named by its binding.
 * Registrations, messages, heartbeats and artifacts each have their own; every other request that reaches an origin
 * counts as a read (reads the edge answers from its field cache are not limited). Plain ints and strings, not
 * an enum: an enum's generated methods cost the bundle more than this whole class.
 */
public final class RequestKind {

    public static final int REGISTRATION = 0;
    public static final int MESSAGE = 1;
    public static final int PRESENCE = 2;
    public static final int READ = 3;
    /** Artifact uploads and deletions (docs/artifacts.md#upload, #deleting). */
    public static final int ARTIFACTS = 4;

    /** Binding names, indexed by kind. */
    static final String[] BINDINGS = {
        "LIMIT_REGISTRATIONS", "LIMIT_MESSAGES", "LIMIT_PRESENCE", "LIMIT_READS", "LIMIT_ARTIFACTS"
    };

    private RequestKind() {}

    public static int of(String method, String path) {
        if (method.equals("POST")) {
            switch (path) {
                case "/v1/agents":
                    return REGISTRATION;
                case "/v1/messages":
                    return MESSAGE;
                case "/v1/presence":
                    return PRESENCE;
                case "/v1/artifacts":
                    return ARTIFACTS;
                default:
                    break;
            }
        }
        return method.equals("DELETE") && path.startsWith("/v1/artifacts/") ? ARTIFACTS : READ;
    }

    public static String binding(int kind) {
        return BINDINGS[kind];
    }
}
