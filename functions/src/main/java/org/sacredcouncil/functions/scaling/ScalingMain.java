package org.sacredcouncil.functions.scaling;

import java.util.List;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.store.Database;

/**
 * One scaling pass from the command line, printing each decision: locally against the local cloud (its
 * PostgreSQL, and the Cloud Run stand-in when {@code CLOUD_RUN_API_URL} is set), or by hand against a project to see
 * what the step would do ({@code SCALING_DRY_RUN} is on unless set to {@code false}).
 */
public final class ScalingMain {

    private ScalingMain() {}

    public static void main(String[] args) throws Exception {
        try (Database database = Database.fromConfig()) {
            database.migrated();
            List<ScalingStep.Result> results =
                    ScalingSetup.step(database.dataSource()).run(System.currentTimeMillis());
            System.out.println("scaling " + (FunctionConfig.scalingDryRun() ? "(dry run)" : "(applied)") + ": "
                    + results.size() + " services");
            results.forEach(r -> System.out.println("  " + ScalingStep.describe(r)));
        }
    }
}
