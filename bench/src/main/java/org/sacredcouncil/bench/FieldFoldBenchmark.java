package org.sacredcouncil.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.coherence.FieldAccumulator;
import org.sacredcouncil.core.coherence.FieldReading;
import org.sacredcouncil.core.coherence.FieldRecompute;
import org.sacredcouncil.core.event.MessageSent;

/**
 * Events folded per second, incrementally and in batch, by the capped model ({@code CoherenceModel.DEFAULT}:
 * per-agent cells, each agent's sum clamped on read). The baseline is a bare loop that only sums the
 * recorded impacts (no decay, no window, no dedup, no cap): the floor any fold of the same events must pay.
 * The flood variants have half of the messages from one agent. All figures are per event
 * (OperationsPerInvocation).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FieldFoldBenchmark {

    @State(Scope.Benchmark)
    public static class Events10k {
        List<MessageSent> events;

        @Setup(Level.Trial)
        public void setUp() {
            events = EventFixtures.messages(10_000, 1);
        }
    }

    @State(Scope.Benchmark)
    public static class Flood10k {
        List<MessageSent> events;

        @Setup(Level.Trial)
        public void setUp() {
            events = EventFixtures.messages(10_000, 3, 0.5);
        }
    }

    @State(Scope.Benchmark)
    public static class Events1m {
        List<MessageSent> events;

        @Setup(Level.Trial)
        public void setUp() {
            events = EventFixtures.messages(1_000_000, 2);
        }
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public double baselineSumOfImpacts10k(Events10k state) {
        double sum = 0;
        for (MessageSent event : state.events) {
            sum += event.impact();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public FieldReading incrementalFold10k(Events10k state) {
        return fold(state.events);
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public FieldReading batchRecompute10k(Events10k state) {
        return FieldRecompute.read(state.events, EventFixtures.NOW, CoherenceModel.DEFAULT);
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public FieldReading incrementalFoldFlood10k(Flood10k state) {
        return fold(state.events);
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public FieldReading batchRecomputeFlood10k(Flood10k state) {
        return FieldRecompute.read(state.events, EventFixtures.NOW, CoherenceModel.DEFAULT);
    }

    @Benchmark
    @OperationsPerInvocation(1_000_000)
    public FieldReading batchRecompute1m(Events1m state) {
        return FieldRecompute.read(state.events, EventFixtures.NOW, CoherenceModel.DEFAULT);
    }

    @Benchmark
    @OperationsPerInvocation(1_000_000)
    public double baselineSumOfImpacts1m(Events1m state, Blackhole blackhole) {
        double sum = 0;
        for (MessageSent event : state.events) {
            sum += event.impact();
        }
        return sum;
    }

    private static FieldReading fold(List<MessageSent> events) {
        FieldAccumulator accumulator = new FieldAccumulator(CoherenceModel.DEFAULT);
        for (MessageSent event : events) {
            accumulator.apply(event, EventFixtures.NOW);
        }
        return accumulator.read(EventFixtures.NOW);
    }
}
