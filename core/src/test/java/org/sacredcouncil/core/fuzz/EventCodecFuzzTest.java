package org.sacredcouncil.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.event.AgentLeft;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.EventFormatException;
import org.sacredcouncil.core.event.FieldUpdated;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.event.PresenceBeat;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.field.RegionField;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;

/**
 * Coverage-guided fuzzing of the event codec (Pub/Sub pushes reach it from the network). Two halves, chosen
 * by the input's last byte (one fuzz test per JVM is all Jazzer runs in fuzzing mode):
 * <ul>
 *   <li>any text: decoding returns an event or throws {@link EventFormatException}, its documented
 *       exception, never anything else; a decoded event re-encodes and decodes to an equal event;</li>
 *   <li>any event the constructors accept (fuzzed fields): encoding never throws, and both decoders (the
 *       structured CloudEvent and envelope fields + data JSON) give back an equal event.</li>
 * </ul>
 */
class EventCodecFuzzTest {

    /** Years 0001 to 9999: the span of the four-digit timestamps the codec writes. */
    private static final long MIN_TIME = -62_135_596_800_000L;

    private static final long MAX_TIME = 253_402_300_799_999L;

    @FuzzTest(maxDuration = "10s")
    void decodesOrRefusesAndRoundTrips(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            decodeAnyText(data.consumeRemainingAsString());
        } else {
            CouncilEvent event;
            try {
                event = anyEvent(data);
            } catch (IllegalArgumentException notAnEvent) {
                return; // the constructors refused it: there is nothing to encode
            }
            assertRoundTrips(event);
        }
    }

    private static void decodeAnyText(String text) {
        CouncilEvent event;
        try {
            event = EventCodec.fromCloudEventJson(text);
        } catch (EventFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertRoundTrips(event);
    }

    private static void assertRoundTrips(CouncilEvent event) {
        String json = EventCodec.toCloudEventJson(event, "//sacred-council/fuzz");
        assertThat(EventCodec.fromCloudEventJson(json)).as(json).isEqualTo(event);
        String time = org.sacredcouncil.core.time.IsoInstant.format(event.timeMillis());
        assertThat(EventCodec.fromData(event.type(), event.id(), time, EventCodec.dataJson(event)))
                .isEqualTo(event);
    }

    private static CouncilEvent anyEvent(FuzzedDataProvider data) {
        String id = maybe(data, 40);
        long time = data.consumeLong(MIN_TIME, MAX_TIME);
        String agentId = maybe(data, 64);
        String region = maybe(data, 32);
        switch (data.consumeInt(0, 6)) {
            case 0: {
                MessageType[] types = MessageType.values();
                SacredMessage message = new SacredMessage(
                        maybe(data, 40),
                        agentId,
                        types[data.consumeInt(0, types.length - 1)],
                        maybe(data, 200),
                        region,
                        data.consumeLong(MIN_TIME, MAX_TIME));
                return new MessageSent(
                        id,
                        time,
                        message,
                        data.consumeDouble(),
                        optional(data),
                        optional(data),
                        data.consumeBoolean() ? 1.0 : data.consumeDouble());
            }
            case 1:
                return new AgentJoined(id, time, agentId, region, maybe(data, 80));
            case 2:
                return new AgentLeft(id, time, agentId, region);
            case 3:
                return new PresenceBeat(id, time, agentId, region);
            case 5:
                return new org.sacredcouncil.core.event.ArtifactAdded(
                        id,
                        time,
                        maybe(data, 40),
                        agentId,
                        region,
                        maybe(data, 64),
                        maybe(data, 20),
                        data.consumeLong(),
                        maybe(data, 200),
                        maybe(data, 40));
            case 6:
                return new org.sacredcouncil.core.event.ArtifactRemoved(
                        id, time, maybe(data, 40), agentId, region, maybe(data, 64));
            default: {
                TreeMap<String, RegionField> regions = new TreeMap<>();
                int count = data.consumeInt(0, 3);
                for (int i = 0; i < count; i++) {
                    regions.put(data.consumeString(32), new RegionField(data.consumeDouble(), data.consumeInt()));
                }
                List<Origin> origins = new ArrayList<>();
                if (data.consumeBoolean()) {
                    origins.add(new Origin(
                            maybe(data, 20),
                            maybe(data, 60),
                            maybe(data, 20),
                            data.consumeBoolean(),
                            data.consumeDouble()));
                }
                FieldState field = new FieldState(
                        data.consumeLong(),
                        data.consumeLong(MIN_TIME, MAX_TIME),
                        new RegionField(data.consumeDouble(), data.consumeInt()),
                        regions,
                        data.consumeDouble(),
                        origins);
                return new FieldUpdated(id, time, field);
            }
        }
    }

    /** A string, or now and then null (constructors must refuse what the decoder would refuse). */
    private static String maybe(FuzzedDataProvider data, int maxLength) {
        return data.consumeInt(0, 15) == 0 ? null : data.consumeString(maxLength);
    }

    /** An optional number of the consciousness block: NaN (absent) or any double. */
    private static double optional(FuzzedDataProvider data) {
        return data.consumeBoolean() ? Double.NaN : data.consumeDouble();
    }
}
