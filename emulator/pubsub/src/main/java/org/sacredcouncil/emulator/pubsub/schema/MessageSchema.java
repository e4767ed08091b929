package org.sacredcouncil.emulator.pubsub.schema;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.pubsub.v1.Encoding;
import com.google.pubsub.v1.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.JsonDecoder;

/**
 * One schema definition, compiled: Avro (Apache Avro's parser; binary and Avro-JSON encodings) or
 * Protocol Buffer ({@link ProtoDefinition}; binary wire format and proto3 JSON). {@link #check} says why a
 * message does not conform, or nothing.
 */
public abstract sealed class MessageSchema {

    /** Compiles a definition; an invalid one is {@link IllegalArgumentException} saying why. */
    public static MessageSchema of(Schema.Type type, String definition) {
        if (definition == null || definition.isBlank()) {
            throw new IllegalArgumentException("the schema definition is empty");
        }
        return switch (type) {
            case AVRO -> new Avro(definition);
            case PROTOCOL_BUFFER -> new Proto(definition);
            default -> throw new IllegalArgumentException("the schema type must be AVRO or PROTOCOL_BUFFER");
        };
    }

    /** Null when the message conforms; otherwise why not. */
    public abstract String check(byte[] data, Encoding encoding);

    private static final class Avro extends MessageSchema {
        private final org.apache.avro.Schema schema;

        Avro(String definition) {
            try {
                schema = new org.apache.avro.Schema.Parser().parse(definition);
            } catch (AvroRuntimeException e) {
                throw new IllegalArgumentException("invalid Avro definition: " + e.getMessage(), e);
            }
        }

        @Override
        public String check(byte[] data, Encoding encoding) {
            GenericDatumReader<Object> reader = new GenericDatumReader<>(schema);
            try {
                if (encoding == Encoding.BINARY) {
                    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, null);
                    reader.read(null, decoder);
                    return decoder.isEnd() ? null : "bytes left over after the Avro record";
                }
                JsonDecoder decoder =
                        DecoderFactory.get().jsonDecoder(schema, new String(data, StandardCharsets.UTF_8));
                reader.read(null, decoder);
                return null;
            } catch (IOException | RuntimeException e) {
                return "not a valid " + encoding + " Avro message for the schema: " + e.getMessage();
            }
        }
    }

    private static final class Proto extends MessageSchema {
        private final Descriptors.Descriptor type;

        Proto(String definition) {
            type = ProtoDefinition.parse(definition);
        }

        @Override
        public String check(byte[] data, Encoding encoding) {
            try {
                if (encoding == Encoding.BINARY) {
                    DynamicMessage.parseFrom(type, data); // also fails on a missing proto2 required field
                    return null;
                }
                DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
                JsonFormat.parser().merge(new String(data, StandardCharsets.UTF_8), builder);
                if (!builder.isInitialized()) {
                    return "missing required fields: " + builder.getInitializationErrorString();
                }
                return null;
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                return "not a valid " + encoding + " " + type.getName() + " message: " + e.getMessage();
            }
        }
    }
}
