package org.sacredcouncil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.routing.CoherenceRouter;
import org.sacredcouncil.core.routing.OriginObservations;
import org.sacredcouncil.core.routing.OutlierEjection;
import org.sacredcouncil.core.routing.RandomSource;
import org.sacredcouncil.core.routing.RoutePlan;
import org.sacredcouncil.core.routing.RoutingPolicy;

/**
 * Routing decisions per second over three regional origins with live observations (one origin ejected),
 * beside a baseline that picks uniformly among the healthy origins: what any router must at least cost.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RoutingBenchmark {

    @State(Scope.Thread)
    public static class Router {
        final List<Origin> origins = new ArrayList<>();
        final CoherenceRouter router = new CoherenceRouter(RoutingPolicy.DEFAULT);
        final OriginObservations observations = new OriginObservations(OutlierEjection.DEFAULT);
        final SplittableRandom splittable = new SplittableRandom(5);
        final RandomSource random = splittable::nextDouble;
        long now = EventFixtures.NOW;

        @Setup(Level.Trial)
        public void setUp() {
            origins.add(new Origin("eu", "https://eu.example", "europe-west1", true, 0.91));
            origins.add(new Origin("us", "https://us.example", "us-central1", true, 0.74));
            origins.add(new Origin("asia", "https://asia.example", "asia-east1", true, 0.52));
            for (int i = 0; i < 20; i++) {
                observations.requestStarted("eu");
                observations.requestSucceeded("eu", 40 + i, now);
                observations.requestStarted("us");
                observations.requestSucceeded("us", 90 + i, now);
            }
            for (int i = 0; i < OutlierEjection.DEFAULT.failuresToEject(); i++) {
                observations.requestStarted("asia");
                observations.requestFailed("asia", 5_000, now);
            }
        }
    }

    @Benchmark
    public RoutePlan coherenceRouterPlan(Router state) {
        return state.router.plan(state.origins, state.observations, "EU", state.now, state.random);
    }

    @Benchmark
    public Origin baselineUniformHealthyPick(Router state) {
        List<Origin> healthy = new ArrayList<>(state.origins.size());
        for (Origin origin : state.origins) {
            if (origin.healthy()) {
                healthy.add(origin);
            }
        }
        return healthy.get((int) (state.random.nextDouble() * healthy.size()));
    }
}
