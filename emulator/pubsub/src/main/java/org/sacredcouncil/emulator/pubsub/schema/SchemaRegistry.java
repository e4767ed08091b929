package org.sacredcouncil.emulator.pubsub.schema;

import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.Encoding;
import com.google.pubsub.v1.Schema;
import com.google.pubsub.v1.SchemaSettings;
import io.grpc.Status;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The schemas and their revisions, oldest first, as the SchemaService keeps them: a commit adds a revision,
 * a rollback adds a copy of an older one, a revision can be deleted unless it is the only one. A topic's
 * {@code schema_settings} name a schema, an encoding and optionally a range of revisions; a message
 * published there must conform to one revision of the range ({@link #conform}).
 *
 * <p>Every change is handed to a {@link Recorder} first (the emulator's journal), and the same change is
 * applied again by {@link #restoreRevision} / {@link #restoreDelete} at start.
 */
public final class SchemaRegistry {

    /** The schema a topic names after that schema was deleted, as the service shows it. */
    public static final String DELETED_SCHEMA = "_deleted-schema_";

    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9\\-_.~+%]{2,254}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Receives each change before it is made. */
    public interface Recorder {
        void revisionAdded(Schema revision);

        void deleted(String schema, String revisionId);
    }

    private record Revision(Schema schema, MessageSchema compiled) {}

    private final Map<String, List<Revision>> byName = new HashMap<>();
    private final Recorder recorder;

    public SchemaRegistry(Recorder recorder) {
        this.recorder = recorder;
    }

    // ---------------------------------------------------------------- the service's calls

    public synchronized Schema create(String parent, String schemaId, Schema schema) {
        String project = requireProject(parent);
        if (schemaId.isEmpty() && !schema.getName().isEmpty()) {
            schemaId = schema.getName().substring(schema.getName().lastIndexOf('/') + 1);
        }
        if (!ID.matcher(schemaId).matches() || schemaId.startsWith("goog")) {
            throw invalid("Invalid schema id: \"" + schemaId + "\".");
        }
        String name = "projects/" + project + "/schemas/" + schemaId;
        if (byName.containsKey(name)) {
            throw Status.ALREADY_EXISTS
                    .withDescription("Schema already exists (resource=" + schemaId + ").")
                    .asRuntimeException();
        }
        return addRevision(name, schema);
    }

    public synchronized Schema get(String nameWithRevision) {
        return revision(nameWithRevision).schema;
    }

    public synchronized List<Schema> list(String parent) {
        String prefix = "projects/" + requireProject(parent) + "/schemas/";
        List<Schema> out = new ArrayList<>();
        for (Map.Entry<String, List<Revision>> e : new TreeMap<>(byName).entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.add(latest(e.getValue()).schema);
            }
        }
        return out;
    }

    /** Oldest first, as Google's emulator lists them (the documentation gives no order). */
    public synchronized List<Schema> revisions(String name) {
        List<Schema> out = new ArrayList<>();
        require(name).forEach(r -> out.add(r.schema));
        return out;
    }

    public synchronized Schema commit(String name, Schema schema) {
        List<Revision> all = require(name);
        if (schema.getType() != latest(all).schema.getType()) {
            throw invalid("A revision cannot change the schema's type.");
        }
        return addRevision(name, schema);
    }

    public synchronized Schema rollback(String name, String revisionId) {
        Revision old = revision(name + "@" + revisionId);
        return addRevision(name, old.schema);
    }

    public synchronized Schema deleteRevision(String nameWithRevision, String legacyRevisionId) {
        String name = nameWithRevision;
        String revisionId = legacyRevisionId;
        int at = nameWithRevision.indexOf('@');
        if (at >= 0) {
            name = nameWithRevision.substring(0, at);
            revisionId = nameWithRevision.substring(at + 1);
        }
        if (revisionId == null || revisionId.isEmpty()) {
            throw invalid("Name the revision to delete: projects/{project}/schemas/{schema}@{revision}.");
        }
        Revision doomed = revision(name + "@" + revisionId);
        List<Revision> all = require(name);
        if (all.size() == 1) {
            // INVALID_ARGUMENT, as Google's emulator answers
            throw invalid("The only revision of a schema cannot be deleted; delete the schema.");
        }
        recorder.deleted(name, revisionId);
        all.remove(doomed);
        return doomed.schema;
    }

    public synchronized void delete(String name) {
        require(name);
        recorder.deleted(name, "");
        byName.remove(name);
    }

    /** INVALID_ARGUMENT saying why the definition is not valid. */
    public static void validate(Schema schema) {
        try {
            MessageSchema.of(schema.getType(), schema.getDefinition());
        } catch (IllegalArgumentException e) {
            throw invalid("Invalid schema definition: " + e.getMessage());
        }
    }

    /** ValidateMessage: against a named schema (its latest revision, or name@revision) or an ad-hoc one. */
    public synchronized void validateMessage(String name, Schema adHoc, byte[] message, Encoding encoding) {
        MessageSchema schema;
        if (!name.isEmpty()) {
            schema = revision(name).compiled;
        } else {
            validate(adHoc);
            schema = MessageSchema.of(adHoc.getType(), adHoc.getDefinition());
        }
        String why = schema.check(message, requireEncoding(encoding));
        if (why != null) {
            throw invalid("Message failed schema validation: " + why);
        }
    }

    /** Settings of a topic being created or updated: the schema exists, the encoding and range are valid. */
    public synchronized void validateSettings(SchemaSettings settings) {
        if (settings.getSchema().equals(DELETED_SCHEMA)) {
            return;
        }
        List<Revision> all = require(settings.getSchema());
        requireEncoding(settings.getEncoding());
        int first = settings.getFirstRevisionId().isEmpty() ? 0 : indexOf(all, settings.getFirstRevisionId());
        int last = settings.getLastRevisionId().isEmpty() ? all.size() - 1 : indexOf(all, settings.getLastRevisionId());
        if (first > last) {
            throw invalid("first_revision_id is newer than last_revision_id.");
        }
    }

    /**
     * Checks a message published to a topic with these settings; returns the attributes the service adds
     * ({@code googclient_schemaname}, {@code googclient_schemaencoding}, {@code googclient_schemarevisionid}).
     * A message that conforms to no revision of the range is INVALID_ARGUMENT.
     */
    public synchronized Map<String, String> conform(SchemaSettings settings, byte[] data) {
        if (settings.getSchema().equals(DELETED_SCHEMA) || !byName.containsKey(settings.getSchema())) {
            throw Status.FAILED_PRECONDITION
                    .withDescription("The topic's schema was deleted; publishing is refused.")
                    .asRuntimeException();
        }
        List<Revision> all = byName.get(settings.getSchema());
        int first = settings.getFirstRevisionId().isEmpty() ? 0 : indexOrZero(all, settings.getFirstRevisionId());
        int last = settings.getLastRevisionId().isEmpty()
                ? all.size() - 1
                : indexOrLast(all, settings.getLastRevisionId());
        String why = "no revision in range";
        for (int i = last; i >= first; i--) {
            Revision r = all.get(i);
            String problem = r.compiled.check(data, settings.getEncoding());
            if (problem == null) {
                return Map.of(
                        "googclient_schemaname",
                        settings.getSchema(),
                        "googclient_schemaencoding",
                        settings.getEncoding().name(),
                        "googclient_schemarevisionid",
                        r.schema.getRevisionId());
            }
            why = problem;
        }
        throw invalid("Invalid data in message: Message failed schema validation (" + why + ").");
    }

    // ---------------------------------------------------------------- the journal

    public synchronized void restoreRevision(Schema revision) {
        byName.computeIfAbsent(revision.getName(), n -> new ArrayList<>())
                .add(new Revision(revision, MessageSchema.of(revision.getType(), revision.getDefinition())));
    }

    public synchronized void restoreDelete(String name, String revisionId) {
        if (revisionId.isEmpty()) {
            byName.remove(name);
            return;
        }
        List<Revision> all = byName.get(name);
        if (all != null) {
            all.removeIf(r -> r.schema.getRevisionId().equals(revisionId));
        }
    }

    /** Every revision, oldest first per schema. */
    public synchronized List<Schema> allRevisions() {
        List<Schema> out = new ArrayList<>();
        for (List<Revision> all : new TreeMap<>(byName).values()) {
            all.forEach(r -> out.add(r.schema));
        }
        return out;
    }

    public synchronized void clear() {
        byName.clear();
    }

    /** Whether a name is a schema's (for topics that name it). */
    public synchronized boolean exists(String name) {
        return byName.containsKey(name);
    }

    // ---------------------------------------------------------------- internals

    private Schema addRevision(String name, Schema schema) {
        validate(schema);
        Schema revision = schema.toBuilder()
                .setName(name)
                .setRevisionId(HexFormat.of().formatHex(RANDOM.generateSeed(4)))
                .setRevisionCreateTime(Timestamps.fromMillis(System.currentTimeMillis()))
                .build();
        recorder.revisionAdded(revision);
        byName.computeIfAbsent(name, n -> new ArrayList<>())
                .add(new Revision(revision, MessageSchema.of(revision.getType(), revision.getDefinition())));
        return revision;
    }

    private Revision revision(String nameWithRevision) {
        int at = nameWithRevision.indexOf('@');
        String name = at < 0 ? nameWithRevision : nameWithRevision.substring(0, at);
        List<Revision> all = require(name);
        if (at < 0) {
            return latest(all);
        }
        return all.get(indexOf(all, nameWithRevision.substring(at + 1)));
    }

    private List<Revision> require(String name) {
        String[] parts = name == null ? new String[0] : name.split("/", -1);
        if (parts.length != 4 || !parts[0].equals("projects") || !parts[2].equals("schemas")) {
            throw invalid("Invalid schema name: \"" + name + "\"; expected projects/{project}/schemas/{schema}");
        }
        List<Revision> all = byName.get(name);
        if (all == null || all.isEmpty()) {
            throw Status.NOT_FOUND
                    .withDescription("Schema not found (resource=" + parts[3] + ").")
                    .asRuntimeException();
        }
        return all;
    }

    private static int indexOf(List<Revision> all, String revisionId) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).schema.getRevisionId().equals(revisionId)) {
                return i;
            }
        }
        throw Status.NOT_FOUND
                .withDescription("Schema revision not found (revision=" + revisionId + ").")
                .asRuntimeException();
    }

    /** A range bound whose revision was deleted since: the range starts at the oldest kept one. */
    private static int indexOrZero(List<Revision> all, String revisionId) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).schema.getRevisionId().equals(revisionId)) {
                return i;
            }
        }
        return 0;
    }

    private static int indexOrLast(List<Revision> all, String revisionId) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).schema.getRevisionId().equals(revisionId)) {
                return i;
            }
        }
        return all.size() - 1;
    }

    private static Revision latest(List<Revision> all) {
        return all.get(all.size() - 1);
    }

    private static Encoding requireEncoding(Encoding encoding) {
        if (encoding != Encoding.JSON && encoding != Encoding.BINARY) {
            throw invalid("The encoding must be JSON or BINARY.");
        }
        return encoding;
    }

    private static String requireProject(String parent) {
        if (parent == null || !parent.matches("projects/[a-z0-9][a-z0-9\\-.:]{0,62}")) {
            throw invalid("Invalid project name: \"" + parent + "\"; expected projects/{project}");
        }
        return parent.substring(9);
    }

    private static RuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }
}
