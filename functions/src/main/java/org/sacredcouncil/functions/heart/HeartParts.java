package org.sacredcouncil.functions.heart;

import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.store.AgentStore;
import org.sacredcouncil.functions.store.ArtifactStore;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.KeyRotationStore;
import org.sacredcouncil.functions.store.MessageQueries;

/**
 * What heart's handlers are built from, one instance per heart: each handler takes the parts it needs in its
 * constructor. {@code topic} is where events go ({@code sacred-events}), {@code region} this heart's own.
 */
record HeartParts(
        Database database,
        AgentStore agents,
        MessageQueries messages,
        KeyRotationStore rotations,
        BearerAuth auth,
        CurrentField field,
        AdmittedRegions regions,
        IdempotentWrite writes,
        EventPublisher publisher,
        String topic,
        String region,
        GlyphCatalog glyphs,
        CoherenceModel model,
        ArtifactStore artifacts,
        ArtifactLimits artifactLimits) {}
