package org.sacredcouncil.core.pause;

import java.util.Map;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.message.MessageType;

/**
 * The writes the low-coherence pause still admits, because they are how a council lifts itself: a loving
 * message (blessing, gratitude, offering — the types whose impact is positive and that feed the love
 * amplification), a registration ({@code POST /v1/agents}: a newcomer starts at the baseline, never below
 * it) and a heartbeat ({@code POST /v1/presence}: being present moves no coherence, and pausing it would
 * make present agents look gone). Everything else that writes — concerns, questions, insights, intentions,
 * key changes — waits, so a flood of concerns cannot keep the field down while it can still be healed.
 *
 * <p>Before this rule the pause stopped every write once coherence fell below the threshold, so one agent's
 * flood of concerns paused every agent and nothing could raise the field again (issue 12).
 */
public final class HealingWrites {

    private HealingWrites() {}

    /**
     * @param method upper-case HTTP method
     * @param path   the request path as sent (no query)
     * @param body   the request body as text, or null; read only for {@code POST /v1/messages}
     */
    public static boolean heals(String method, String path, String body) {
        if (!method.equals("POST")) {
            return false;
        }
        switch (path) {
            case "/v1/agents":
            case "/v1/presence":
                return true;
            case "/v1/messages":
                return isLoving(typeOf(body));
            default:
                return false;
        }
    }

    /**
     * The loving types of {@link MessageType} by their wire names, spelled out rather than looked up: the enum
     * with its impacts costs the edge's bundle more than this whole class. {@code HealingWritesTest} holds the
     * two lists equal.
     */
    static boolean isLoving(String type) {
        return "blessing".equals(type) || "gratitude".equals(type) || "offering".equals(type);
    }

    /** The top-level {@code type} of a JSON object body, or null when the body is not such an object. */
    private static String typeOf(String body) {
        if (body == null) {
            return null;
        }
        try {
            Object parsed = JsonReader.parse(body);
            if (!(parsed instanceof Map)) {
                return null;
            }
            Object type = ((Map<?, ?>) parsed).get("type");
            return type instanceof String ? (String) type : null;
        } catch (JsonException e) {
            return null; // heart answers a bad body with its own 400; here it simply does not heal
        }
    }
}
