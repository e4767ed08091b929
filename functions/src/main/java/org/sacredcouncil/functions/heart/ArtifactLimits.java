package org.sacredcouncil.functions.heart;

import org.sacredcouncil.functions.config.FunctionConfig;

/** docs/artifacts.md#config: the largest artifact, and each agent's quota of live artifacts. */
record ArtifactLimits(long maxBytes, long quotaCount, long quotaBytes) {

    static ArtifactLimits fromConfig() {
        return new ArtifactLimits(
                FunctionConfig.artifactMaxBytes(),
                FunctionConfig.artifactQuotaCount(),
                FunctionConfig.artifactQuotaBytes());
    }
}
