package org.sacredcouncil.emulator.firestore.exchange;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Timestamp;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.DatabaseRegistry;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;

/**
 * Export and import as {@code firebase emulators:export} / {@code --import} do with Google's emulator,
 * in its layout and its format:
 * <pre>
 * DIR/firebase-export-metadata.json                       {"version", "firestore": {"version", "path", "metadata_file"}}
 * DIR/firestore_export/firestore_export.overall_export_metadata               LevelDB log ({@link ExportMetadata})
 * DIR/firestore_export/all_namespaces/all_kinds/all_namespaces_all_kinds.export_metadata   bare proto
 * DIR/firestore_export/all_namespaces/all_kinds/output-0  LevelDB log ({@link LevelDbLog}) of EntityProtos ({@link EntityProtoCodec})
 * </pre>
 * An export of Google's emulator (or a managed {@code gcloud firestore export}, same format) imports
 * here, and ours into Google's emulator ({@code --seed_from_export} or {@code --import-data}). As in
 * that format, documents carry no create or update time: an import gives them the import's commit time.
 * Each entity's key names its project ({@code app}) and database ({@code database_id}), so one export
 * of ours holds every database; Google's emulator ignores the project and seeds every document into
 * whatever project is used, so a multi-project export of ours merges there.
 */
public final class EmulatorExport {
    public static final String HUB_METADATA = "firebase-export-metadata.json";
    public static final String FIRESTORE_DIR = "firestore_export";
    public static final String OVERALL_METADATA = FIRESTORE_DIR + "/firestore_export.overall_export_metadata";
    static final String KIND_RELATIVE = "all_namespaces/all_kinds/all_namespaces_all_kinds.export_metadata";
    static final String KIND_DIR = FIRESTORE_DIR + "/all_namespaces/all_kinds";
    static final String KIND_METADATA = FIRESTORE_DIR + "/" + KIND_RELATIVE;
    static final String OUTPUT_NAME = "output-0";
    static final String OUTPUT = KIND_DIR + "/" + OUTPUT_NAME;
    private static final String VERSION = "sacred-council-2";

    private EmulatorExport() {}

    /** Writes the current documents of every database (or of one, if {@code onlyDatabase} is set). @return documents written */
    public static long write(DatabaseRegistry registry, Path dir, String onlyDatabase) {
        return write(registry, dir, FIRESTORE_DIR, onlyDatabase);
    }

    /**
     * As {@link #write(DatabaseRegistry, Path, String)}, the export named {@code exportName} (Google's
     * {@code export_name}: the folder and the metadata file's stem).
     */
    public static long write(DatabaseRegistry registry, Path dir, String exportName, String onlyDatabase) {
        if (exportName.isEmpty()
                || exportName.contains("/")
                || exportName.contains("\\")
                || exportName.startsWith(".")) {
            throw new IllegalArgumentException("export_name must be a plain folder name: \"" + exportName + "\"");
        }
        String kindDir = exportName + "/all_namespaces/all_kinds";
        String kindMetadata = exportName + "/" + KIND_RELATIVE;
        String output = kindDir + "/" + OUTPUT_NAME;
        String overallMetadata = exportName + "/" + exportName + ".overall_export_metadata";
        try {
            long start = micros(Instant.now());
            Files.createDirectories(dir.resolve(exportName));
            long count = 0;
            long size = 0;
            Path tmp = dir.resolve(exportName).resolve(OUTPUT_NAME + ".tmp");
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                LevelDbLog.Writer log = new LevelDbLog.Writer(file);
                for (Database db : registry.all()) {
                    if (onlyDatabase != null && !onlyDatabase.equals(db.name())) {
                        continue;
                    }
                    for (StoredDocument d : db.under(ResourceName.root(db.name()))) {
                        log.add(EntityProtoCodec.encode(d.name(), d.fields()));
                        count++;
                    }
                }
                size = log.written();
            }
            List<ExportMetadata.KindEntry> kinds = new ArrayList<>();
            if (count > 0) {
                // as Google's emulator: an empty export is the overall metadata alone
                Files.createDirectories(dir.resolve(kindDir));
                Files.move(tmp, dir.resolve(output), StandardCopyOption.REPLACE_EXISTING);
                Files.write(
                        dir.resolve(kindMetadata),
                        ExportMetadata.kind(exportName, start, micros(Instant.now()), List.of(OUTPUT_NAME)));
                kinds.add(new ExportMetadata.KindEntry(KIND_RELATIVE, count, size));
            } else {
                Files.delete(tmp);
                Files.deleteIfExists(dir.resolve(kindMetadata));
                Files.deleteIfExists(dir.resolve(output));
            }
            Path overallTmp = dir.resolve(overallMetadata + ".tmp");
            try (OutputStream file = Files.newOutputStream(overallTmp)) {
                LevelDbLog.Writer log = new LevelDbLog.Writer(file);
                log.add(ExportMetadata.FORMAT_MARKER);
                log.add(ExportMetadata.overall(kinds));
            }
            Files.move(overallTmp, dir.resolve(overallMetadata), StandardCopyOption.REPLACE_EXISTING);
            JsonObject firestore = new JsonObject();
            firestore.addProperty("version", VERSION);
            firestore.addProperty("path", exportName);
            firestore.addProperty("metadata_file", overallMetadata);
            JsonObject hub = new JsonObject();
            hub.addProperty("version", VERSION);
            hub.add("firestore", firestore);
            Files.writeString(dir.resolve(HUB_METADATA), hub + "\n");
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot export Firestore to " + dir, e);
        }
    }

    /** {@link #read(DatabaseRegistry, Path, String)} into the databases the export's keys name. */
    public static long read(DatabaseRegistry registry, Path from) {
        return read(registry, from, null);
    }

    /**
     * Reads an export (the directory {@code firebase emulators:export} writes, its {@code firestore_export}
     * folder, or an {@code .overall_export_metadata} file) and writes every document, one commit per
     * database, replacing documents of the same name. {@code intoDatabase}
     * ({@code projects/P/databases/D}) puts every document there, as Google's emulator does whatever
     * project the export came from; null keeps the project and database each key names.
     * @return documents imported
     */
    public static long read(DatabaseRegistry registry, Path from, String intoDatabase) {
        Path overall = locate(from);
        try {
            byte[] overallBytes = Files.readAllBytes(overall);
            if (overallBytes.length > 0 && overallBytes[0] == '{') {
                throw new IllegalArgumentException(overall + " is JSON: an export of an earlier version of this"
                        + " emulator, which wrote JSON; export again with this one (Google's format)");
            }
            List<byte[]> records = LevelDbLog.read(overallBytes, overall.toString());
            if (records.isEmpty()) {
                throw new IllegalArgumentException(overall + " holds no metadata record");
            }
            Map<String, Map<ResourceName, Map<String, com.google.firestore.v1.Value>>> byDatabase =
                    new LinkedHashMap<>();
            for (String kindPath : ExportMetadata.kindPaths(records.get(records.size() - 1))) {
                Path kind = overall.resolveSibling(kindPath);
                for (Path output : outputsOf(kind)) {
                    for (byte[] record : LevelDbLog.read(Files.readAllBytes(output), output.toString())) {
                        EntityProtoCodec.Entity e;
                        try {
                            e = EntityProtoCodec.decode(record);
                        } catch (IllegalArgumentException bad) {
                            throw new IllegalArgumentException(output + ": " + bad.getMessage(), bad);
                        }
                        String database = intoDatabase != null ? intoDatabase : e.databaseName();
                        ResourceName name =
                                ResourceName.parseDocument(database + "/documents/" + String.join("/", e.segments()));
                        byDatabase
                                .computeIfAbsent(database, k -> new LinkedHashMap<>())
                                .put(name, e.fields());
                    }
                }
            }
            long count = 0;
            for (Map.Entry<String, Map<ResourceName, Map<String, com.google.firestore.v1.Value>>> e :
                    byDatabase.entrySet()) {
                Database db = registry.database(e.getKey());
                long ticket;
                db.commitLock().lock();
                try {
                    Timestamp at = db.clock().next();
                    Map<ResourceName, StoredDocument> states = new LinkedHashMap<>();
                    e.getValue()
                            .forEach((name, fields) ->
                                    states.put(name, new StoredDocument(name, Map.copyOf(fields), at, at)));
                    ticket = db.apply(states, at);
                } finally {
                    db.commitLock().unlock();
                }
                db.journal().awaitDurable(ticket);
                count += e.getValue().size();
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot import Firestore from " + from, e);
        }
    }

    /** The output files a kind metadata file lists (or, if it lists none, its folder's {@code output-N}). */
    private static List<Path> outputsOf(Path kind) throws IOException {
        List<Path> outputs = new ArrayList<>();
        for (String name : ExportMetadata.outputs(Files.readAllBytes(kind))) {
            outputs.add(kind.resolveSibling(name));
        }
        if (outputs.isEmpty()) {
            try (Stream<Path> files = Files.list(kind.getParent())) {
                files.filter(p -> p.getFileName().toString().matches("output-\\d+"))
                        .sorted()
                        .forEach(outputs::add);
            }
        }
        return outputs;
    }

    /** The {@code .overall_export_metadata} file of an export given by any of its usual names. */
    static Path locate(Path from) {
        if (Files.isRegularFile(from)) {
            return from;
        }
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException("Not a Firestore export: " + from + " does not exist");
        }
        Path hub = from.resolve(HUB_METADATA);
        if (Files.isRegularFile(hub)) {
            try {
                JsonElement file = JsonParser.parseString(Files.readString(hub))
                        .getAsJsonObject()
                        .getAsJsonObject("firestore")
                        .get("metadata_file");
                if (file != null) {
                    return from.resolve(file.getAsString());
                }
            } catch (IOException | RuntimeException unreadable) {
                // fall through to looking for the files themselves
            }
        }
        try (Stream<Path> files = Files.list(from)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(".overall_export_metadata"))
                    .toList();
            if (found.size() == 1) {
                return found.get(0);
            }
            if (found.size() > 1) {
                throw new IllegalArgumentException(
                        "Several exports in " + from + ": name one .overall_export_metadata file");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Files.isDirectory(from.resolve(FIRESTORE_DIR))) {
            return locate(from.resolve(FIRESTORE_DIR));
        }
        throw new IllegalArgumentException("Not a Firestore export: no .overall_export_metadata in " + from);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
