package org.sacredcouncil.functions.store;

import java.util.List;

/** A message as listed by the API: the log's row plus wisdom's glyphs when they have arrived. */
public record StoredMessage(
        String id,
        String agentId,
        String type,
        String text,
        String region,
        double impact,
        long sentAtMillis,
        List<String> glyphs,
        String reflection) {}
