package org.sacredcouncil.emulator.firestore.persist;

import com.google.firestore.v1.Document;
import com.google.protobuf.Timestamp;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;

/**
 * The on-disk record of one commit (the write-ahead log and the snapshot use the same records):
 * {@code [int length][int crc32c][payload]}, payload = commit time (long seconds, int nanos), the number of
 * documents, then per document its full name and either 0 (deleted) or 1 + the length-prefixed
 * {@code google.firestore.v1.Document} (fields, create and update time). A record whose length runs past the
 * end of the file or whose checksum fails is a torn write from a crash: reading stops there.
 */
final class LogRecords {
    private static final int MAX_RECORD = 256 << 20;

    private LogRecords() {}

    /** A commit read back: the final state of each document (null = deleted) at its commit time. */
    record Commit(Timestamp time, Map<ResourceName, StoredDocument> states, long bytes) {}

    static ByteBuffer encode(Map<ResourceName, StoredDocument> states, Timestamp time) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(time.getSeconds());
            out.writeInt(time.getNanos());
            out.writeInt(states.size());
            for (Map.Entry<ResourceName, StoredDocument> e : states.entrySet()) {
                out.writeUTF(e.getKey().name());
                if (e.getValue() == null) {
                    out.writeByte(0);
                } else {
                    byte[] doc = e.getValue().toProto().toByteArray();
                    out.writeByte(1);
                    out.writeInt(doc.length);
                    out.write(doc);
                }
            }
            out.flush();
            byte[] payload = bytes.toByteArray();
            CRC32C crc = new CRC32C();
            crc.update(payload);
            ByteBuffer record = ByteBuffer.allocate(8 + payload.length);
            record.putInt(payload.length)
                    .putInt((int) crc.getValue())
                    .put(payload)
                    .flip();
            return record;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next whole record, or null at the end of the file or at a torn record. */
    static Commit read(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        if (length < 0 || length > MAX_RECORD) {
            return null;
        }
        int expected;
        byte[] payload = new byte[length];
        try {
            expected = in.readInt();
            in.readFully(payload);
        } catch (EOFException torn) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(payload);
        if ((int) crc.getValue() != expected) {
            return null;
        }
        DataInputStream p = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        Timestamp time = Timestamp.newBuilder()
                .setSeconds(p.readLong())
                .setNanos(p.readInt())
                .build();
        int n = p.readInt();
        Map<ResourceName, StoredDocument> states = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ResourceName name = ResourceName.parse(p.readUTF());
            if (p.readByte() == 0) {
                states.put(name, null);
            } else {
                byte[] doc = new byte[p.readInt()];
                p.readFully(doc);
                Document d = Document.parseFrom(doc);
                states.put(
                        name,
                        new StoredDocument(name, Map.copyOf(d.getFieldsMap()), d.getCreateTime(), d.getUpdateTime()));
            }
        }
        return new Commit(time, states, 8L + length);
    }

    static DataInputStream input(InputStream in) {
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }
}
