package org.sacredcouncil.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the core benchmarks (or those named by JMH's usual command-line options) and prints each figure
 * beside its baseline from the same run.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        Options options = new OptionsBuilder()
                .parent(cli)
                .include(
                        cli.getIncludes().isEmpty()
                                ? "org\\.sacredcouncil\\.bench\\..*"
                                : String.join("|", cli.getIncludes()))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> score = new TreeMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            score.put(
                    name.substring(name.lastIndexOf('.') + 1),
                    result.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("figure                               per second      baseline (same run)   ratio");
        line(score, "incrementalFold10k", "baselineSumOfImpacts10k", "events folded (incremental)");
        line(score, "batchRecompute10k", "baselineSumOfImpacts10k", "events recomputed, 10^4 batch");
        line(score, "incrementalFoldFlood10k", "baselineSumOfImpacts10k", "flood folded (half from one agent)");
        line(score, "batchRecomputeFlood10k", "baselineSumOfImpacts10k", "flood recomputed, 10^4 batch");
        line(score, "batchRecompute1m", "baselineSumOfImpacts1m", "events recomputed, 10^6 batch");
        line(score, "coherenceRouterPlan", "baselineUniformHealthyPick", "routing decisions");
    }

    private static void line(Map<String, Double> score, String figure, String baseline, String label) {
        Double value = score.get(figure);
        Double base = score.get(baseline);
        if (value == null || base == null) {
            return;
        }
        System.out.printf("%-36s %14.0f   %14.0f        %.3f%n", label, value, base, value / base);
    }
}
