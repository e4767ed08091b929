package org.sacredcouncil.emulator.firestore.exchange;

import com.google.firestore.v1.Document;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.DatabaseRegistry;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;

/**
 * Export and import in the directory layout of {@code firebase emulators:export}:
 * <pre>
 * DIR/firebase-export-metadata.json                       {"version", "firestore": {"version", "path", "metadata_file"}}
 * DIR/firestore_export/firestore_export.overall_export_metadata
 * DIR/firestore_export/all_namespaces/all_kinds/all_namespaces_all_kinds.export_metadata
 * DIR/firestore_export/all_namespaces/all_kinds/output-0
 * </pre>
 * The paths are Google's; the contents are not. Google's emulator writes its metadata and documents as
 * LevelDB log records holding legacy Datastore {@code EntityProto}s; ours are JSON: the two metadata files
 * are JSON objects, and {@code output-0} has one line per document,
 * {@code {"database": "projects/P/databases/D", "document": <google.firestore.v1.Document in proto3 JSON>}}
 * (name, fields, create and update time). An export of Google's emulator is recognised and refused with
 * that reason, never half-read.
 */
public final class EmulatorExport {
    public static final String HUB_METADATA = "firebase-export-metadata.json";
    public static final String FIRESTORE_DIR = "firestore_export";
    public static final String OVERALL_METADATA = FIRESTORE_DIR + "/firestore_export.overall_export_metadata";
    static final String KIND_DIR = FIRESTORE_DIR + "/all_namespaces/all_kinds";
    static final String KIND_METADATA = KIND_DIR + "/all_namespaces_all_kinds.export_metadata";
    static final String OUTPUT = KIND_DIR + "/output-0";
    /** What {@code overall_export_metadata} says the documents are in. */
    public static final String FORMAT =
            "sacred-council-firestore-export/1 (JSON lines of google.firestore.v1.Document)";

    private EmulatorExport() {}

    /** Writes the current documents of every database (or of one, if {@code onlyDatabase} is set). @return documents written */
    public static long write(DatabaseRegistry registry, Path dir, String onlyDatabase) {
        try {
            Files.createDirectories(dir.resolve(KIND_DIR));
            long count = 0;
            JsonArray databases = new JsonArray();
            JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
            Path tmp = dir.resolve(OUTPUT + ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (Database db : registry.all()) {
                    if (onlyDatabase != null && !onlyDatabase.equals(db.name())) {
                        continue;
                    }
                    databases.add(db.name());
                    for (StoredDocument d : db.under(ResourceName.root(db.name()))) {
                        JsonObject line = new JsonObject();
                        line.addProperty("database", db.name());
                        line.add("document", JsonParser.parseString(printer.print(d.toProto())));
                        out.write(line.toString());
                        out.write('\n');
                        count++;
                    }
                }
            }
            Files.move(tmp, dir.resolve(OUTPUT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            JsonObject kind = new JsonObject();
            JsonArray outputs = new JsonArray();
            outputs.add("output-0");
            kind.add("outputs", outputs);
            kind.addProperty("documents", count);
            Files.writeString(dir.resolve(KIND_METADATA), kind + "\n");
            JsonObject overall = new JsonObject();
            overall.addProperty("format", FORMAT);
            overall.addProperty("exportTime", Instant.now().toString());
            overall.add("databases", databases);
            overall.addProperty("documents", count);
            overall.addProperty("kindMetadata", "all_namespaces/all_kinds/all_namespaces_all_kinds.export_metadata");
            Files.writeString(dir.resolve(OVERALL_METADATA), overall + "\n");
            JsonObject firestore = new JsonObject();
            firestore.addProperty("version", "sacred-council-1");
            firestore.addProperty("path", FIRESTORE_DIR);
            firestore.addProperty("metadata_file", OVERALL_METADATA);
            JsonObject hub = new JsonObject();
            hub.addProperty("version", "sacred-council-1");
            hub.add("firestore", firestore);
            Files.writeString(dir.resolve(HUB_METADATA), hub + "\n");
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot export Firestore to " + dir, e);
        }
    }

    /**
     * Reads an export (its directory, its {@code firestore_export} folder or its
     * {@code .overall_export_metadata} file) and writes every document into the registry, one commit per
     * database, keeping the exported create and update times. @return documents imported
     */
    public static long read(DatabaseRegistry registry, Path from) {
        Path root = exportRoot(from);
        Path overall = root.resolve(OVERALL_METADATA);
        try {
            if (!Files.exists(overall)) {
                throw new IllegalArgumentException("Not a Firestore export: " + overall + " is missing");
            }
            String metadata = Files.readString(overall, StandardCharsets.ISO_8859_1);
            if (!metadata.trim().startsWith("{") || !metadata.contains("sacred-council-firestore-export/")) {
                throw new IllegalArgumentException("This export was written by Google's emulator (LevelDB records of"
                        + " Datastore EntityProtos), which this emulator does not read; only its own exports: "
                        + overall);
            }
            Map<String, Map<ResourceName, StoredDocument>> byDatabase = new LinkedHashMap<>();
            JsonFormat.Parser parser = JsonFormat.parser();
            try (BufferedReader in = Files.newBufferedReader(root.resolve(OUTPUT), StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    Document.Builder d = Document.newBuilder();
                    parser.merge(o.get("document").toString(), d);
                    ResourceName name = ResourceName.parseDocument(d.getName());
                    byDatabase
                            .computeIfAbsent(o.get("database").getAsString(), k -> new LinkedHashMap<>())
                            .put(
                                    name,
                                    new StoredDocument(
                                            name, Map.copyOf(d.getFieldsMap()), d.getCreateTime(), d.getUpdateTime()));
                }
            }
            long count = 0;
            for (Map.Entry<String, Map<ResourceName, StoredDocument>> e : byDatabase.entrySet()) {
                Database db = registry.database(e.getKey());
                long ticket;
                db.commitLock().lock();
                try {
                    ticket = db.apply(e.getValue(), db.clock().next());
                } finally {
                    db.commitLock().unlock();
                }
                db.journal().awaitDurable(ticket);
                count += e.getValue().size();
            }
            return count;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "A document in " + root.resolve(OUTPUT) + " is not valid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot import Firestore from " + from, e);
        }
    }

    private static Path exportRoot(Path from) {
        if (Files.isRegularFile(from) && from.getFileName().toString().endsWith(".overall_export_metadata")) {
            return from.getParent().getParent();
        }
        if (from.getFileName() != null && from.getFileName().toString().equals(FIRESTORE_DIR)) {
            return from.getParent();
        }
        return from;
    }

    static List<String> layout() {
        return new ArrayList<>(List.of(HUB_METADATA, OVERALL_METADATA, KIND_METADATA, OUTPUT));
    }
}
