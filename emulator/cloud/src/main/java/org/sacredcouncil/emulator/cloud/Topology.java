package org.sacredcouncil.emulator.cloud;

import java.util.List;

/** The topics and subscriptions of docs/architecture.md#events: the same names as in Terraform and the functions. */
public final class Topology {

    public static final String SACRED_EVENTS = "sacred-events";
    public static final String COHERENCE_TICKS = "coherence-ticks";
    public static final String SACRED_EVENTS_DEAD = "sacred-events-dead";

    public static final String MEMORY_SUBSCRIPTION = "memory-sacred-events";
    public static final String WISDOM_SUBSCRIPTION = "wisdom-sacred-events";
    public static final String COHERENCE_SUBSCRIPTION = "coherence-ticks-coherence";
    /** The scaling step's own subscription on the ticks (docs/scaling.md#locally), beside coherence's. */
    public static final String SCALING_SUBSCRIPTION = "coherence-ticks-scaling";

    public static final String DEAD_LETTER_INSPECT_SUBSCRIPTION = "sacred-events-dead-inspect";

    /**
     * A subscription that pushes to a function (or is pulled until an endpoint is set). An {@code optional} one
     * exists only when its endpoint is set: nothing would ever pull it, and its ticks would count as lost.
     */
    public record FunctionSubscription(String subscription, String topic, String endpointEnv, boolean optional) {

        FunctionSubscription(String subscription, String topic, String endpointEnv) {
            this(subscription, topic, endpointEnv, false);
        }
    }

    public static final List<FunctionSubscription> FUNCTION_SUBSCRIPTIONS = List.of(
            new FunctionSubscription(MEMORY_SUBSCRIPTION, SACRED_EVENTS, "MEMORY_PUSH_URL"),
            new FunctionSubscription(WISDOM_SUBSCRIPTION, SACRED_EVENTS, "WISDOM_PUSH_URL"),
            new FunctionSubscription(COHERENCE_SUBSCRIPTION, COHERENCE_TICKS, "COHERENCE_PUSH_URL"),
            new FunctionSubscription(SCALING_SUBSCRIPTION, COHERENCE_TICKS, "SCALING_PUSH_URL", true));

    public static final List<String> TOPICS = List.of(SACRED_EVENTS, COHERENCE_TICKS, SACRED_EVENTS_DEAD);

    private Topology() {}
}
