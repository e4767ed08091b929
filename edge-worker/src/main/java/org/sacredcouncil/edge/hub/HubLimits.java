package org.sacredcouncil.edge.hub;

import java.util.function.Function;
import org.sacredcouncil.edge.config.ConfigException;

/**
 * The socket limits of the hub (docs/live-field.md#limits), from the Worker's vars; a bad value fails loudly,
 * naming the var.
 */
public final class HubLimits {
    private final int maxSockets;
    private final int maxSocketsPerIp;
    private final int maxFrameBytes;
    private final int maxFramesPerSecond;
    private final int presenceWindowMillis;
    private final int graphqlInitMillis;

    HubLimits(
            int maxSockets,
            int maxSocketsPerIp,
            int maxFrameBytes,
            int maxFramesPerSecond,
            int presenceWindowMillis,
            int graphqlInitMillis) {
        this.graphqlInitMillis = graphqlInitMillis;
        this.presenceWindowMillis = presenceWindowMillis;
        this.maxSockets = maxSockets;
        this.maxSocketsPerIp = maxSocketsPerIp;
        this.maxFrameBytes = maxFrameBytes;
        this.maxFramesPerSecond = maxFramesPerSecond;
    }

    public int maxSockets() {
        return maxSockets;
    }

    public int maxSocketsPerIp() {
        return maxSocketsPerIp;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int maxFramesPerSecond() {
        return maxFramesPerSecond;
    }

    /** How long a sign of life keeps an agent present (core's PresenceTracker window; 5 min in production). */
    public int presenceWindowMillis() {
        return presenceWindowMillis;
    }

    /** How long a {@code graphql-transport-ws} socket may wait before its {@code connection_init} (else 4408). */
    public int graphqlInitMillis() {
        return graphqlInitMillis;
    }

    public static HubLimits from(Function<String, String> vars) {
        return new HubLimits(
                number(vars, "HUB_MAX_SOCKETS", 20_000, 1, 32_768),
                number(vars, "HUB_MAX_SOCKETS_PER_IP", 16, 1, 32_768),
                number(vars, "HUB_MAX_FRAME_BYTES", 16_384, 64, 1_048_576),
                number(vars, "HUB_MAX_FRAMES_PER_S", 20, 1, 10_000),
                number(vars, "HUB_PRESENCE_WINDOW_MS", 300_000, 100, 86_400_000),
                number(vars, "HUB_GRAPHQL_INIT_MS", 10_000, 100, 60_000));
    }

    private static int number(Function<String, String> vars, String name, int fallback, int min, int max) {
        String text = vars.apply(name);
        if (text == null || text.trim().isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + ": must be a whole number, was '" + text + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(name + ": must be within [" + min + ", " + max + "], was " + value);
        }
        return value;
    }
}
