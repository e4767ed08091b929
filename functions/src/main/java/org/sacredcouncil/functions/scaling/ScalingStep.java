package org.sacredcouncil.functions.scaling;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sacredcouncil.core.scaling.InstanceCounts;
import org.sacredcouncil.core.scaling.ScalingDecision;
import org.sacredcouncil.core.scaling.ScalingInput;
import org.sacredcouncil.core.scaling.ScalingPolicy;
import org.sacredcouncil.core.scaling.ScalingTarget;
import org.sacredcouncil.functions.logging.StructuredLog;

/**
 * One pass: read the council's activity, read each target's current counts from Cloud Run, decide, and update
 * only the services whose decision differs (an unchanged decision sends nothing). In a dry run the decisions are
 * logged and nothing is sent. Stateless: the current counts read back are the hysteresis' memory, so a repeated
 * or late pass just decides again from the present.
 */
public final class ScalingStep {

    private static final StructuredLog LOG = StructuredLog.of("scaling");

    /** What happened to one decision. */
    public enum Outcome {
        UNCHANGED,
        UPDATED,
        DRY_RUN,
        FAILED
    }

    public record Result(ScalingDecision decision, Outcome outcome) {}

    private final ScalingPolicy policy;
    private final List<ScalingTarget> targets;
    private final ActivityReader activity;
    private final CloudRunServices services;
    private final boolean dryRun;

    public ScalingStep(
            ScalingPolicy policy,
            List<ScalingTarget> targets,
            ActivityReader activity,
            CloudRunServices services,
            boolean dryRun) {
        this.policy = policy;
        this.targets = List.copyOf(targets);
        this.activity = activity;
        this.services = services;
        this.dryRun = dryRun;
    }

    public List<Result> run(long now) throws SQLException {
        CouncilActivity a = activity.read(now);
        List<Result> results = new ArrayList<>();
        for (ScalingTarget t : targets) {
            InstanceCounts current = currentOrNull(t);
            ScalingDecision d =
                    policy.decide(t, new ScalingInput(now, a.rate(t.region()), a.coherence(t.region()), current));
            Outcome outcome;
            if (!d.changed()) {
                outcome = Outcome.UNCHANGED;
            } else if (dryRun) {
                outcome = Outcome.DRY_RUN;
            } else {
                outcome = apply(d);
            }
            log(d, outcome);
            results.add(new Result(d, outcome));
        }
        return results;
    }

    private InstanceCounts currentOrNull(ScalingTarget t) {
        if (services == null) {
            return null;
        }
        try {
            return services.current(t.service());
        } catch (RuntimeException e) {
            // unreadable (no credentials in a local dry run, a transient API error): decide as on a first run
            LOG.warn("scaling: current counts unreadable", "service", t.service(), "error", e.toString());
            return null;
        }
    }

    private Outcome apply(ScalingDecision d) {
        try {
            services.update(d.target().service(), d.desired());
            return Outcome.UPDATED;
        } catch (RuntimeException e) {
            // one service's failure does not stop the others; the next pass decides (and sends) again
            LOG.error("scaling: update failed", "service", d.target().service(), "error", e.toString());
            return Outcome.FAILED;
        }
    }

    private static void log(ScalingDecision d, Outcome outcome) {
        LOG.info(
                "scaling decision",
                "function",
                d.target().function(),
                "service",
                d.target().service(),
                "region",
                d.target().region() == null ? "council" : d.target().region(),
                "period",
                d.period().wire(),
                "strained",
                d.strained(),
                "messagesPerMinute",
                d.input().messagesPerMinute(),
                "coherence",
                Double.isNaN(d.input().coherence()) ? "unknown" : d.input().coherence(),
                "current",
                d.input().current() == null ? "unknown" : d.input().current().toString(),
                "desired",
                d.desired().toString(),
                "outcome",
                outcome.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The line {@link ScalingMain} prints for a result. */
    public static String describe(Result r) {
        ScalingDecision d = r.decision();
        return String.format(
                java.util.Locale.ROOT,
                "%-10s %-12s %-8s rate %7.1f/min  coherence %s  %s → %s  %s",
                d.target().function(),
                d.target().region() == null ? "council" : d.target().region(),
                d.period().wire() + (d.strained() ? "+strain" : ""),
                d.input().messagesPerMinute(),
                Double.isNaN(d.input().coherence())
                        ? " n/a "
                        : String.format(java.util.Locale.ROOT, "%.3f", d.input().coherence()),
                d.input().current() == null ? "?" : d.input().current(),
                d.desired(),
                r.outcome().name().toLowerCase(java.util.Locale.ROOT));
    }
}
