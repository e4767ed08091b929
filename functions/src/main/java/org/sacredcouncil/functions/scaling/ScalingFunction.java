package org.sacredcouncil.functions.scaling;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.sql.SQLException;
import org.sacredcouncil.functions.event.TransientFailure;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.store.Database;

/**
 * The scheduled scaling step (docs/scaling.md): on each tick of {@code coherence-ticks} (Cloud Scheduler → Pub/Sub
 * → Eventarc, its own subscription beside coherence's) one {@link ScalingStep} pass. Any tick is a tick; its body
 * is not read. A failure to read PostgreSQL is thrown (Pub/Sub redelivers, and a redelivered tick decides from the
 * present, so it is harmless); a failed Cloud Run update is logged and sent again by the next pass.
 */
public final class ScalingFunction implements CloudEventsFunction {

    private static final StructuredLog LOG = StructuredLog.of("scaling");

    private final Database database;
    private final ScalingStep step;

    public ScalingFunction() {
        this.database = Database.fromConfig();
        this.step = ScalingSetup.step(database.dataSource());
    }

    @Override
    public void accept(CloudEvent tick) {
        try {
            run();
        } catch (SQLException e) {
            LOG.error("scaling pass failed; Pub/Sub will redeliver", "tick", tick.getId(), "error", e.toString());
            throw new TransientFailure("scaling pass " + tick.getId() + " failed", e);
        }
    }

    private synchronized void run() throws SQLException {
        database.migrated();
        step.run(System.currentTimeMillis());
    }
}
