package org.sacredcouncil.functions.heart;

import org.sacredcouncil.core.agent.Agent;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.time.IsoInstant;

/** An agent as the API shows it: {@code {id, name, region, joinedAt, lastSeen?}}. */
final class AgentJson {

    private AgentJson() {}

    static void write(JsonWriter w, Agent agent, Long lastSeen) {
        w.beginObject()
                .name("id")
                .value(agent.id())
                .name("name")
                .value(agent.name())
                .name("region")
                .value(agent.region())
                .name("joinedAt")
                .value(IsoInstant.format(agent.joinedAtMillis()));
        if (lastSeen != null) {
            w.name("lastSeen").value(IsoInstant.format(lastSeen));
        }
        w.endObject();
    }
}
