package org.sacredcouncil.emulator.pubsub;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The emulator's data directory: one append-only file of records, each the broker's change of state
 * ({@link Record}), replayed in order at start. A record is {@code [int length][int crc32][payload]};
 * a record cut short by a crash (or whose checksum is wrong) ends the replay and is cut off the file.
 *
 * <p>Crash bound: a record is written to the file (the operating system's page cache) before the call
 * that caused it is answered, so a {@code kill -9} of the emulator loses nothing it answered. The file is
 * forced to the disk at most {@link #SYNC_MILLIS} after a write: a machine crash or power cut can lose
 * the last {@value #SYNC_MILLIS} ms of answered writes.
 *
 * <p>The file is rewritten as an image of the current state (the same records, one per topic,
 * subscription, backlog …) at every start and whenever it has grown to {@link #compactAtBytes()}: a new
 * file is written beside it, forced, then moved over it atomically.
 */
final class Journal implements AutoCloseable {

    static final long SYNC_MILLIS = 100;
    private static final long MIN_COMPACT_BYTES = 64L * 1024 * 1024;
    private static final String FILE = "journal";

    /** One change of state: a type and its fields (protobuf bytes, UTF-8 names, decimal numbers). */
    record Record(int type, List<byte[]> fields) {
        String text(int i) {
            return new String(fields.get(i), StandardCharsets.UTF_8);
        }

        byte[] bytes(int i) {
            return fields.get(i);
        }

        int size() {
            return fields.size();
        }
    }

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel channel;
    private long imageBytes;
    private volatile boolean dirty;

    private Journal(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating) the directory; only one emulator at a time may use it. */
    static Journal open(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel lockChannel =
                    FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("another Pub/Sub emulator uses the data directory " + dir);
            }
            return new Journal(dir, lockChannel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Pub/Sub data directory " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Hands every intact record to {@code apply}, in order; cuts a torn tail off. Returns the count. */
    int replay(Consumer<Record> apply) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return 0;
        }
        int count = 0;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer all = in.map(FileChannel.MapMode.READ_ONLY, 0, in.size());
            long good = 0;
            while (all.remaining() >= 8) {
                int length = all.getInt();
                int crc = all.getInt();
                if (length < 0 || length > all.remaining()) {
                    break;
                }
                byte[] payload = new byte[length];
                all.get(payload);
                CRC32 check = new CRC32();
                check.update(payload);
                if ((int) check.getValue() != crc) {
                    break;
                }
                apply.accept(decode(payload));
                count++;
                good = all.position();
            }
            if (good < in.size()) {
                JsonLog.forComponent("pubsub-emulator")
                        .warn(
                                "journal ends in a torn record (a crash while writing);" + " cut off",
                                "file",
                                file.toString(),
                                "keptBytes",
                                good,
                                "droppedBytes",
                                in.size() - good);
                in.truncate(good);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Pub/Sub journal " + file, e);
        }
        return count;
    }

    /**
     * Replaces the file with {@code image} (which writes every record of the current state) and appends
     * from then on. The caller holds every writer off while this runs.
     */
    void rewrite(Consumer<Consumer<Record>> image) {
        Path file = dir.resolve(FILE);
        Path next = dir.resolve(FILE + ".next");
        try {
            try (FileChannel out = FileChannel.open(
                    next, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                List<ByteBuffer> pending = new ArrayList<>();
                image.accept(record -> {
                    pending.add(frame(record));
                    if (pending.size() >= 256) {
                        writeAll(out, pending);
                    }
                });
                writeAll(out, pending);
                out.force(true);
            }
            if (channel != null) {
                channel.close();
            }
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // the rename itself survives a power cut
            } catch (IOException notSupported) {
                // some file systems cannot open a directory; the rename is still atomic
            }
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            imageBytes = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Pub/Sub journal " + file, e);
        }
    }

    /** Appends one record (to the page cache: see the crash bound above). */
    synchronized void append(int type, List<byte[]> fields) {
        if (channel == null) {
            return; // replaying: the records are already in the file
        }
        try {
            ByteBuffer buffer = frame(new Record(type, fields));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the Pub/Sub journal", e);
        }
    }

    /** Forces written records to the disk; run every {@link #SYNC_MILLIS}. */
    void sync() {
        if (!dirty) {
            return;
        }
        dirty = false;
        FileChannel c;
        synchronized (this) {
            c = channel;
        }
        try {
            if (c != null && c.isOpen()) {
                c.force(false);
            }
        } catch (IOException e) {
            dirty = true;
            JsonLog.forComponent("pubsub-emulator").warn("journal sync failed", "error", e.toString());
        }
    }

    /** Whether the file has grown enough past its last image to be rewritten. */
    synchronized boolean wantsCompaction() {
        try {
            return channel != null && channel.size() > compactAtBytes();
        } catch (IOException e) {
            return false;
        }
    }

    long compactAtBytes() {
        return Math.max(MIN_COMPACT_BYTES, imageBytes * 4);
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.force(true);
                channel.close();
                channel = null;
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the Pub/Sub journal", e);
        }
    }

    // ---------------------------------------------------------------- encoding

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer frame(Record record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0);
            out.writeInt(0);
            out.writeByte(record.type());
            out.writeInt(record.fields().size());
            for (byte[] field : record.fields()) {
                out.writeInt(field.length);
                out.write(field);
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        int length = buffer.capacity() - 8;
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 8, length);
        buffer.putInt(0, length);
        buffer.putInt(4, (int) crc.getValue());
        return buffer;
    }

    private static Record decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        int type = in.get();
        int count = in.getInt();
        List<byte[]> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] field = new byte[in.getInt()];
            in.get(field);
            fields.add(field);
        }
        return new Record(type, fields);
    }

    private static void writeAll(FileChannel out, List<ByteBuffer> pending) {
        try {
            for (ByteBuffer buffer : pending) {
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            pending.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
