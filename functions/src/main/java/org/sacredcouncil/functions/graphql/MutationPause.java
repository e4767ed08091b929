package org.sacredcouncil.functions.graphql;

import java.util.concurrent.ThreadLocalRandom;
import org.sacredcouncil.core.pause.HealingWrites;
import org.sacredcouncil.core.pause.PauseConfig;
import org.sacredcouncil.core.pause.PauseDecision;
import org.sacredcouncil.core.pause.PauseInput;
import org.sacredcouncil.core.pause.PausePolicy;

/**
 * The sacred pause for a GraphQL mutation (docs/graphql.md#limits-at-edge): the edge cannot see which write a
 * document is, so heart decides as the edge does for the REST write — {@code core}'s {@link PausePolicy} over
 * the edge's signed {@code X-Field-Coherence} (heart has verified the signature; no header, no pause), with the
 * same healing rule ({@link HealingWrites}) applied to the REST request the mutation is.
 */
final class MutationPause {

    private final PausePolicy policy;

    MutationPause(PauseConfig config) {
        this.policy = new PausePolicy(config);
    }

    /** @param path and {@code body}: the REST write's, as {@link HealingWrites#heals} reads them */
    PauseDecision decide(String fieldCoherence, String method, String path, String body) {
        Double coherence = coherence(fieldCoherence);
        if (coherence == null) {
            return PauseDecision.NONE;
        }
        boolean heals = HealingWrites.heals(method, path, body);
        return policy.decide(
                PauseInput.routable(true, coherence, heals),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    private static Double coherence(String header) {
        if (header == null) {
            return null;
        }
        try {
            double c = Double.parseDouble(header.trim());
            return c >= 0 && c <= 1 ? c : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
