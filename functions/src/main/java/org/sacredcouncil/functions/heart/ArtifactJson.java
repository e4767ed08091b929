package org.sacredcouncil.functions.heart;

import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.time.IsoInstant;
import org.sacredcouncil.functions.store.StoredArtifact;

/**
 * An artifact record as the API shows it (docs/artifacts.md#model, #listing):
 * {@code {id, agentId, sha256, contentType, size, name, messageId, addedAt, url}}, absent name and message as null.
 */
final class ArtifactJson {

    private ArtifactJson() {}

    static void write(JsonWriter w, StoredArtifact a) {
        w.beginObject()
                .name("id")
                .value(a.id())
                .name("agentId")
                .value(a.agentId())
                .name("sha256")
                .value(a.sha256())
                .name("contentType")
                .value(a.contentType())
                .name("size")
                .value(a.size());
        w.name("name");
        nullable(w, a.name());
        w.name("messageId");
        nullable(w, a.messageId());
        w.name("addedAt").value(IsoInstant.format(a.addedAtMillis()));
        // the edge serves the bytes, by address (docs/artifacts.md#serving)
        w.name("url").value("/v1/artifacts/" + a.sha256());
        w.endObject();
    }

    private static void nullable(JsonWriter w, String value) {
        if (value == null) {
            w.nullValue();
        } else {
            w.value(value);
        }
    }
}
