package org.sacredcouncil.functions.scaling;

import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.sacredcouncil.core.scaling.DailyWindow;
import org.sacredcouncil.core.scaling.ScalingConfig;
import org.sacredcouncil.core.scaling.ScalingPolicy;
import org.sacredcouncil.functions.config.FunctionConfig;

/** The step as the environment configures it (README, Configuration; docs/scaling.md). */
final class ScalingSetup {

    private ScalingSetup() {}

    static ScalingConfig config() {
        ScalingConfig d = ScalingConfig.DEFAULT;
        return new ScalingConfig(
                window("SCALING_QUIET_HOURS", FunctionConfig.scalingQuietHours()),
                window("SCALING_PEAK_HOURS", FunctionConfig.scalingPeakHours()),
                d.quietFactor(),
                d.peakFactor(),
                d.strainCoherence(),
                d.strainMinFactor(),
                d.rateMargin(),
                d.coherenceMargin());
    }

    private static DailyWindow window(String name, String value) {
        DailyWindow w = DailyWindow.parseOrNull(value);
        if (w == null) {
            throw new IllegalArgumentException(name + " must be HH:MM-HH:MM, was " + value);
        }
        return w;
    }

    static ScalingStep step(DataSource db) {
        boolean dryRun = FunctionConfig.scalingDryRun();
        String endpoint = FunctionConfig.cloudRunApiUrl();
        CloudRunServices services;
        try {
            services = CloudRunServices.create(endpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("Cloud Run Admin client", e);
        }
        return new ScalingStep(
                new ScalingPolicy(config()),
                TargetsJson.parse(FunctionConfig.scalingTargets()),
                new ActivityReader(db, FunctionConfig.scalingRateWindowMinutes()),
                services,
                dryRun);
    }
}
