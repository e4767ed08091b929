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
    /** Artifact uploads and deletions (docs/artifacts.md#upload, #deleting), and GraphQL's {@code deleteArtifact}. */
    public static final int ARTIFACTS = 4;

    /** Binding names, indexed by kind. */
    static final String[] BINDINGS = {
        "LIMIT_REGISTRATIONS", "LIMIT_MESSAGES", "LIMIT_PRESENCE", "LIMIT_READS", "LIMIT_ARTIFACTS"
    };

    private RequestKind() {}

    public static int of(String method, String path) {
        if (method.equals("DELETE")) {
            return path.startsWith("/v1/artifacts/") ? ARTIFACTS : READ;
        }
        if (!method.equals("POST")) {
            return READ;
        }
        // an if-chain, not a string switch: TeaVM makes a hash switch and a second switch of one
        return path.equals("/v1/agents")
                ? REGISTRATION
                : path.equals("/v1/messages")
                        ? MESSAGE
                        : path.equals("/v1/presence") ? PRESENCE : path.equals("/v1/artifacts") ? ARTIFACTS : READ;
    }

    public static String binding(int kind) {
        return BINDINGS[kind];
    }
}
