package org.sacredcouncil.emulator.firestore.exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The LevelDB log format that Datastore and Firestore exports (and Google's emulator's) store their
 * records in: 32 KiB blocks; each record, or fragment of one, has a 7-byte header (masked CRC32C of
 * the type byte and the payload, little-endian 16-bit length, type); a record that does not fit the
 * rest of a block is split into FIRST, MIDDLE… and LAST fragments; a block tail shorter than a header
 * is zero-filled.
 */
final class LevelDbLog {
    static final int BLOCK_SIZE = 32 * 1024;
    static final int HEADER_SIZE = 7;
    static final byte FULL = 1;
    static final byte FIRST = 2;
    static final byte MIDDLE = 3;
    static final byte LAST = 4;
    private static final int MASK_DELTA = 0xa282ead8;

    private LevelDbLog() {}

    /** Writes records one after the other, keeping track of where the current block ends. */
    static final class Writer {
        private final OutputStream out;
        private int blockOffset;
        private long written;

        Writer(OutputStream out) {
            this.out = out;
        }

        void add(byte[] record) throws IOException {
            int pos = 0;
            boolean begin = true;
            do {
                int left = BLOCK_SIZE - blockOffset;
                if (left < HEADER_SIZE) {
                    out.write(new byte[left]);
                    written += left;
                    blockOffset = 0;
                    left = BLOCK_SIZE;
                }
                int fragment = Math.min(record.length - pos, left - HEADER_SIZE);
                boolean end = pos + fragment == record.length;
                byte type = begin && end ? FULL : begin ? FIRST : end ? LAST : MIDDLE;
                writeFragment(type, record, pos, fragment);
                pos += fragment;
                begin = false;
            } while (pos < record.length);
        }

        /** Bytes written so far, padding included. */
        long written() {
            return written;
        }

        private void writeFragment(byte type, byte[] data, int offset, int length) throws IOException {
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(maskedCrc(type, data, offset, length));
            header.putShort((short) length);
            header.put(type);
            out.write(header.array());
            out.write(data, offset, length);
            blockOffset += HEADER_SIZE + length;
            written += HEADER_SIZE + length;
        }
    }

    /** Every record in a log file's bytes, checking each fragment's checksum and their sequence. */
    static List<byte[]> read(byte[] file, String where) {
        List<byte[]> records = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        java.io.ByteArrayOutputStream pending = null;
        while (in.remaining() >= HEADER_SIZE) {
            int left = BLOCK_SIZE - in.position() % BLOCK_SIZE;
            if (left < HEADER_SIZE) {
                in.position(in.position() + left);
                continue;
            }
            int start = in.position();
            int crc = in.getInt();
            int length = Short.toUnsignedInt(in.getShort());
            byte type = in.get();
            if (type == 0 && length == 0) {
                // zero padding (a preallocated or truncated tail): the rest of the block is empty
                in.position(Math.min(file.length, start + left));
                continue;
            }
            if (length > in.remaining() || HEADER_SIZE + length > left) {
                throw new IllegalArgumentException(where + ": a log record at byte " + start + " runs past its block");
            }
            if (maskedCrc(type, file, in.position(), length) != crc) {
                throw new IllegalArgumentException(where + ": bad checksum in the log record at byte " + start);
            }
            byte[] payload = new byte[length];
            in.get(payload);
            switch (type) {
                case FULL -> {
                    requireNone(pending, where, start);
                    records.add(payload);
                }
                case FIRST -> {
                    requireNone(pending, where, start);
                    pending = new java.io.ByteArrayOutputStream();
                    pending.writeBytes(payload);
                }
                case MIDDLE, LAST -> {
                    if (pending == null) {
                        throw new IllegalArgumentException(
                                where + ": a continued log record at byte " + start + " has no beginning");
                    }
                    pending.writeBytes(payload);
                    if (type == LAST) {
                        records.add(pending.toByteArray());
                        pending = null;
                    }
                }
                default ->
                    throw new IllegalArgumentException(
                            where + ": unknown log record type " + type + " at byte " + start);
            }
        }
        if (pending != null) {
            throw new IllegalArgumentException(where + ": the last log record is cut off");
        }
        return records;
    }

    private static void requireNone(java.io.ByteArrayOutputStream pending, String where, int at) {
        if (pending != null) {
            throw new IllegalArgumentException(where + ": a log record before byte " + at + " is cut off");
        }
    }

    static int maskedCrc(byte type, byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(type);
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }
}
