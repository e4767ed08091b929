package org.sacredcouncil.functions.event;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.jackson.JsonFormat;
import java.nio.charset.StandardCharsets;
import org.sacredcouncil.core.event.EventFormatException;

/**
 * Structured-mode CloudEvents (JSON) read by the CloudEvents SDK's Jackson format, which checks the
 * envelope (specversion, required attributes, types) once. What the council puts in {@code data} is read by
 * core's {@link org.sacredcouncil.core.event.EventCodec}, the decoder the edge shares; core also writes the
 * events heart publishes, so writer and reader of the data are one codec.
 */
final class CloudEventJson {

    private static final JsonFormat FORMAT = new JsonFormat();

    private CloudEventJson() {
    }

    /** @throws EventFormatException when the bytes are not a structured-mode CloudEvent (nothing to retry) */
    static CloudEvent read(byte[] json, String what) {
        CloudEvent event;
        try {
            event = FORMAT.deserialize(json);
        } catch (RuntimeException e) {
            // EventDeserializationException, or Jackson's own for bytes that are not JSON at all
            throw new EventFormatException(what + " unreadable: " + e.getMessage(), e);
        }
        if (event.getSpecVersion() != SpecVersion.V1) {
            throw new EventFormatException(what + ": unsupported specversion " + event.getSpecVersion());
        }
        return event;
    }

    /** The event's time as ISO-8601 UTC, null when it has none. */
    static String time(CloudEvent event) {
        return event.getTime() == null ? null : event.getTime().toInstant().toString();
    }

    /** The event's data as text ("" when it has none). */
    static String dataText(CloudEvent event) {
        return event.getData() == null ? "" : new String(event.getData().toBytes(), StandardCharsets.UTF_8);
    }

    static byte[] data(CloudEvent event) {
        return event.getData() == null ? new byte[0] : event.getData().toBytes();
    }
}
