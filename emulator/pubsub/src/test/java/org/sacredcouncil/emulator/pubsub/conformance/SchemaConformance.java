package org.sacredcouncil.emulator.pubsub.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.pubsub.v1.SchemaServiceClient;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.pubsub.v1.Encoding;
import com.google.pubsub.v1.ListSchemasRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Schema;
import com.google.pubsub.v1.SchemaSettings;
import com.google.pubsub.v1.SchemaView;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.ValidateMessageRequest;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SchemaService, against the same emulators: Avro and Protocol Buffer schemas, JSON and binary
 * encodings, validation, topics whose {@code schema_settings} refuse non-conforming messages, revisions.
 */
abstract class SchemaConformance extends ServiceFeaturesConformance {

    static final String AVRO = """
            {"type": "record", "name": "Event", "fields": [
              {"name": "kind", "type": "string"},
              {"name": "weight", "type": "int"}]}""";
    /** Revision 2: the weight becomes a word, so a revision-2 message does not conform to revision 1. */
    static final String AVRO_V2 = """
            {"type": "record", "name": "Event", "fields": [
              {"name": "kind", "type": "string"},
              {"name": "weight", "type": "string"}]}""";

    static final String PROTO = """
            syntax = "proto3";
            // a council event
            message Event {
              string kind = 1;
              int32 weight = 2;
              repeated Tag tags = 3;
              map<string, string> labels = 4;
              message Tag { string name = 1; }
              enum Mood { CALM = 0; STORMY = 1; }
              Mood mood = 5;
            }""";
    private static final AtomicInteger IDS = new AtomicInteger();

    protected SchemaServiceClient schemas;

    @BeforeAll
    void schemaClient() {
        schemas = clients.schemaService();
    }

    @AfterAll
    void closeSchemaClient() {
        if (schemas != null) {
            schemas.shutdownNow();
        }
    }

    @Test
    void schemaCreateGetListValidateDelete() {
        String id = schemaId();
        Schema created = schemas.createSchema(
                "projects/" + PROJECT,
                Schema.newBuilder()
                        .setType(Schema.Type.AVRO)
                        .setDefinition(AVRO)
                        .build(),
                id);
        String name = "projects/" + PROJECT + "/schemas/" + id;
        assertThat(created.getName()).isEqualTo(name);
        assertThat(created.getRevisionId()).isNotEmpty();
        assertThat(schemas.getSchema(name).getDefinition()).isEqualTo(AVRO);
        List<Schema> listed = new ArrayList<>();
        schemas.listSchemas(ListSchemasRequest.newBuilder()
                        .setParent("projects/" + PROJECT)
                        .setView(SchemaView.FULL)
                        .build())
                .iterateAll()
                .forEach(listed::add);
        assertThat(listed)
                .filteredOn(s -> s.getName().equals(name))
                .singleElement()
                .satisfies(s -> assertThat(s.getDefinition()).isEqualTo(AVRO));
        assertCode(
                () -> schemas.createSchema(
                        "projects/" + PROJECT,
                        Schema.newBuilder()
                                .setType(Schema.Type.AVRO)
                                .setDefinition(AVRO)
                                .build(),
                        id),
                StatusCode.Code.ALREADY_EXISTS);

        assertCode(
                () -> schemas.validateSchema(
                        "projects/" + PROJECT,
                        Schema.newBuilder()
                                .setType(Schema.Type.AVRO)
                                .setDefinition("{\"type\": \"record\", \"fields\": 3}")
                                .build()),
                StatusCode.Code.INVALID_ARGUMENT);
        schemas.deleteSchema(name);
        assertCode(() -> schemas.getSchema(name), StatusCode.Code.NOT_FOUND);

        requireBehaviour("schema-list-basic-view");
        String basic = createSchema(Schema.Type.AVRO, AVRO);
        List<Schema> basics = new ArrayList<>();
        schemas.listSchemas(ListSchemasRequest.newBuilder()
                        .setParent("projects/" + PROJECT)
                        .build())
                .iterateAll()
                .forEach(basics::add);
        assertThat(basics)
                .filteredOn(s -> s.getName().equals(basic))
                .singleElement()
                .satisfies(s -> assertThat(s.getDefinition()).isEmpty()); // unset view: no definition

        requireBehaviour("protobuf-schemas");
        schemas.validateSchema(
                "projects/" + PROJECT,
                Schema.newBuilder()
                        .setType(Schema.Type.PROTOCOL_BUFFER)
                        .setDefinition(PROTO)
                        .build());
        assertCode(
                () -> schemas.validateSchema(
                        "projects/" + PROJECT,
                        Schema.newBuilder()
                                .setType(Schema.Type.PROTOCOL_BUFFER)
                                .setDefinition("message A { strin x = 1; }")
                                .build()),
                StatusCode.Code.INVALID_ARGUMENT);
        assertCode(
                () -> schemas.validateSchema(
                        "projects/" + PROJECT,
                        Schema.newBuilder()
                                .setType(Schema.Type.PROTOCOL_BUFFER)
                                .setDefinition("syntax = \"proto3\"; message A {} message B {}")
                                .build()),
                StatusCode.Code.INVALID_ARGUMENT);
    }

    @Test
    void validateMessageInBothEncodingsOfBothTypes() throws Exception {
        Schema avro = Schema.newBuilder()
                .setType(Schema.Type.AVRO)
                .setDefinition(AVRO)
                .build();
        Schema proto = Schema.newBuilder()
                .setType(Schema.Type.PROTOCOL_BUFFER)
                .setDefinition(PROTO)
                .build();
        validate(avro, "{\"kind\": \"sent\", \"weight\": 3}", Encoding.JSON);
        validate(avro, avroBinary("sent", 3), Encoding.BINARY);
        assertCode(() -> validate(avro, "{\"kind\": \"sent\"}", Encoding.JSON), StatusCode.Code.INVALID_ARGUMENT);
        assertCode(() -> validate(avro, new byte[] {1}, Encoding.BINARY), StatusCode.Code.INVALID_ARGUMENT);

        requireBehaviour("protobuf-schemas");
        validate(
                proto,
                "{\"kind\": \"sent\", \"weight\": 3, \"tags\": [{\"name\": \"a\"}], \"labels\": {\"x\": \"y\"},"
                        + " \"mood\": \"STORMY\"}",
                Encoding.JSON);
        validate(proto, protoBinary("sent", 3), Encoding.BINARY);
        assertCode(
                () -> validate(proto, "{\"kind\": 1, \"nope\": true}", Encoding.JSON),
                StatusCode.Code.INVALID_ARGUMENT);
        assertCode(
                () -> validate(proto, new byte[] {(byte) 0x0a, 0x05, 'x'}, Encoding.BINARY),
                StatusCode.Code.INVALID_ARGUMENT);
    }

    @Test
    void aTopicWithSchemaSettingsRefusesNonConformingMessages() {
        String schema = createSchema(Schema.Type.AVRO, AVRO);
        String topic = topics.createTopic(Topic.newBuilder()
                        .setName(topicName())
                        .setSchemaSettings(
                                SchemaSettings.newBuilder().setSchema(schema).setEncoding(Encoding.JSON))
                        .build())
                .getName();
        String sub = createPullSubscription(topic);
        topics.publish(topic, List.of(text("{\"kind\": \"sent\", \"weight\": 1}")));
        assertCode(
                () -> topics.publish(topic, List.of(text("{\"kind\": \"sent\"}"))), StatusCode.Code.INVALID_ARGUMENT);
        assertCode(() -> topics.publish(topic, List.of(text("not json"))), StatusCode.Code.INVALID_ARGUMENT);
        ReceivedMessage got = pullUntil(sub, 1, Duration.ofSeconds(10)).get(0);
        assertThat(got.getMessage().getAttributesMap())
                .containsEntry("googclient_schemaname", schema)
                .containsEntry("googclient_schemaencoding", "JSON")
                .containsKey("googclient_schemarevisionid");
        assertNothingDeliverable(sub, Duration.ofMillis(300));

        assertCode(
                () -> topics.createTopic(Topic.newBuilder()
                        .setName(topicName())
                        .setSchemaSettings(SchemaSettings.newBuilder()
                                .setSchema("projects/" + PROJECT + "/schemas/missing-" + schemaId())
                                .setEncoding(Encoding.JSON))
                        .build()),
                StatusCode.Code.NOT_FOUND);
    }

    @Test
    void topicsValidateOnPublishInBinaryAndForProtocolBuffers() throws Exception {
        String avro = createSchema(Schema.Type.AVRO, AVRO);
        String avroBinaryTopic = schemaTopic(avro, Encoding.BINARY);
        String sub = createPullSubscription(avroBinaryTopic);
        topics.publish(avroBinaryTopic, List.of(bytes(avroBinary("sent", 2))));
        // the JSON form of a conforming record is not its binary encoding
        assertCode(
                () -> topics.publish(avroBinaryTopic, List.of(text("{\"kind\": \"sent\", \"weight\": 2}"))),
                StatusCode.Code.INVALID_ARGUMENT);
        ReceivedMessage got = pullUntil(sub, 1, Duration.ofSeconds(10)).get(0);
        assertThat(got.getMessage().getAttributesMap()).containsEntry("googclient_schemaencoding", "BINARY");

        requireBehaviour("protobuf-schemas");
        String proto = createSchema(Schema.Type.PROTOCOL_BUFFER, PROTO);
        String protoJson = schemaTopic(proto, Encoding.JSON);
        String protoBinaryTopic = schemaTopic(proto, Encoding.BINARY);
        topics.publish(protoJson, List.of(text("{\"kind\": \"sent\", \"weight\": 3}")));
        assertCode(
                () -> topics.publish(protoJson, List.of(text("{\"kind\": \"sent\", \"nope\": 1}"))),
                StatusCode.Code.INVALID_ARGUMENT);
        topics.publish(protoBinaryTopic, List.of(bytes(protoBinary("sent", 3))));
        assertCode(
                () -> topics.publish(protoBinaryTopic, List.of(bytes(new byte[] {(byte) 0x0a, 0x05, 'x'}))),
                StatusCode.Code.INVALID_ARGUMENT);
    }

    private String schemaTopic(String schema, Encoding encoding) {
        return topics.createTopic(Topic.newBuilder()
                        .setName(topicName())
                        .setSchemaSettings(
                                SchemaSettings.newBuilder().setSchema(schema).setEncoding(encoding))
                        .build())
                .getName();
    }

    private static com.google.pubsub.v1.PubsubMessage bytes(byte[] data) {
        return com.google.pubsub.v1.PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(data))
                .build();
    }

    @Test
    void revisionsCommitListRollbackDeleteAndTheTopicsRange() {
        String name = createSchema(Schema.Type.AVRO, AVRO);
        String first = schemas.getSchema(name).getRevisionId();
        Schema second = schemas.commitSchema(
                name,
                Schema.newBuilder()
                        .setType(Schema.Type.AVRO)
                        .setDefinition(AVRO_V2)
                        .build());
        assertThat(second.getRevisionId()).isNotEqualTo(first);
        List<String> revisions = new ArrayList<>();
        schemas.listSchemaRevisions(name).iterateAll().forEach(s -> revisions.add(s.getRevisionId()));
        assertThat(revisions).containsExactly(first, second.getRevisionId()); // oldest first, as Google's emulator

        // a revision-2 message on a topic pinned to revision 1, and on one open to every revision
        String pinned = topics.createTopic(Topic.newBuilder()
                        .setName(topicName())
                        .setSchemaSettings(SchemaSettings.newBuilder()
                                .setSchema(name)
                                .setEncoding(Encoding.JSON)
                                .setFirstRevisionId(first)
                                .setLastRevisionId(first))
                        .build())
                .getName();
        String open = topics.createTopic(Topic.newBuilder()
                        .setName(topicName())
                        .setSchemaSettings(
                                SchemaSettings.newBuilder().setSchema(name).setEncoding(Encoding.JSON))
                        .build())
                .getName();
        String v2Only = "{\"kind\": \"sent\", \"weight\": \"heavy\"}";
        String v1Only = "{\"kind\": \"sent\", \"weight\": 3}";
        topics.publish(pinned, List.of(text(v1Only)));
        topics.publish(open, List.of(text(v1Only), text(v2Only)));
        assertCode(() -> topics.publish(pinned, List.of(text(v2Only))), StatusCode.Code.INVALID_ARGUMENT);

        Schema rolledBack = schemas.rollbackSchema(name, first);
        assertThat(rolledBack.getDefinition()).isEqualTo(AVRO);
        assertThat(rolledBack.getRevisionId()).isNotIn(first, second.getRevisionId());
        schemas.deleteSchemaRevision(name + "@" + second.getRevisionId(), "");
        List<String> left = new ArrayList<>();
        schemas.listSchemaRevisions(name).iterateAll().forEach(s -> left.add(s.getRevisionId()));
        assertThat(left).containsExactly(first, rolledBack.getRevisionId());
        schemas.deleteSchemaRevision(name + "@" + first, "");
        // the code Google's emulator answers (the documentation names none)
        assertCode(
                () -> schemas.deleteSchemaRevision(name + "@" + rolledBack.getRevisionId(), ""),
                StatusCode.Code.INVALID_ARGUMENT);
        assertThat(schemas.getSchema(name + "@" + rolledBack.getRevisionId()).getDefinition())
                .isEqualTo(AVRO);
    }

    // ------------------------------------------------------------------ helpers

    private String schemaId() {
        return "schema-" + IDS.incrementAndGet() + "-" + System.nanoTime() % 100000;
    }

    private String createSchema(Schema.Type type, String definition) {
        return schemas.createSchema(
                        "projects/" + PROJECT,
                        Schema.newBuilder()
                                .setType(type)
                                .setDefinition(definition)
                                .build(),
                        schemaId())
                .getName();
    }

    private void validate(Schema schema, String json, Encoding encoding) {
        validate(schema, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), encoding);
    }

    private void validate(Schema schema, byte[] message, Encoding encoding) {
        schemas.validateMessage(ValidateMessageRequest.newBuilder()
                .setParent("projects/" + PROJECT)
                .setSchema(schema)
                .setMessage(ByteString.copyFrom(message))
                .setEncoding(encoding)
                .build());
    }

    static byte[] avroBinary(String kind, int weight) throws Exception {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(AVRO);
        GenericRecord record = new GenericData.Record(schema);
        record.put("kind", kind);
        record.put("weight", weight);
        return write(schema, record);
    }

    private static byte[] write(org.apache.avro.Schema schema, GenericRecord record) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Event{kind, weight} on the wire, written field by field. */
    static byte[] protoBinary(String kind, int weight) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeString(1, kind);
        out.writeInt32(2, weight);
        out.flush();
        return bytes.toByteArray();
    }
}
