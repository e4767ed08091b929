package org.sacredcouncil.emulator.firestore.path;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A document or collection inside one database: {@code projects/P/databases/D/documents/a/b/...}.
 * Ordered the way Firestore orders {@code __name__}: database first, then segment by segment.
 */
public final class ResourceName implements Comparable<ResourceName> {
    private static final String DOCUMENTS = "/documents";

    private final String database;
    private final List<String> segments;

    private ResourceName(String database, List<String> segments) {
        this.database = database;
        this.segments = segments;
    }

    /** {@code projects/P/databases/D}. */
    public String database() {
        return database;
    }

    public List<String> segments() {
        return segments;
    }

    public static ResourceName root(String database) {
        return new ResourceName(database, List.of());
    }

    /** Parses a full name; the root ({@code .../documents}) has no segments. */
    public static ResourceName parse(String name) {
        if (name == null || !name.startsWith("projects/")) {
            throw new InvalidNameException("Invalid resource name: \"" + name + "\"");
        }
        int documents = name.indexOf(DOCUMENTS);
        if (documents < 0) {
            throw new InvalidNameException("Resource name must contain /documents: \"" + name + "\"");
        }
        String database = name.substring(0, documents);
        String[] head = database.split("/", -1);
        if (head.length != 4 || !head[2].equals("databases") || head[1].isEmpty() || head[3].isEmpty()) {
            throw new InvalidNameException("Invalid database in resource name: \"" + name + "\"");
        }
        String rest = name.substring(documents + DOCUMENTS.length());
        if (rest.isEmpty()) {
            return new ResourceName(database, List.of());
        }
        if (!rest.startsWith("/")) {
            throw new InvalidNameException("Invalid resource name: \"" + name + "\"");
        }
        String[] parts = rest.substring(1).split("/", -1);
        List<String> segs = new ArrayList<>(parts.length);
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new InvalidNameException("Resource name has an empty segment: \"" + name + "\"");
            }
            segs.add(p);
        }
        return new ResourceName(database, Collections.unmodifiableList(segs));
    }

    public static ResourceName parseDocument(String name) {
        ResourceName n = parse(name);
        if (!n.isDocument()) {
            throw new InvalidNameException("Not a document name (odd number of segments): \"" + name + "\"");
        }
        return n;
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    public boolean isDocument() {
        return !segments.isEmpty() && segments.size() % 2 == 0;
    }

    public ResourceName child(String segment) {
        List<String> s = new ArrayList<>(segments);
        s.add(segment);
        return new ResourceName(database, Collections.unmodifiableList(s));
    }

    public ResourceName parent() {
        return new ResourceName(database, segments.subList(0, segments.size() - 1));
    }

    public String lastSegment() {
        return segments.get(segments.size() - 1);
    }

    /** The id of the collection a document lives in. */
    public String collectionId() {
        return segments.get(segments.size() - 2);
    }

    public boolean isPrefixOf(ResourceName other) {
        return database.equals(other.database)
                && other.segments.size() >= segments.size()
                && other.segments.subList(0, segments.size()).equals(segments);
    }

    /** Relative path inside the database: {@code a/b/c/d}. */
    public String relativePath() {
        return String.join("/", segments);
    }

    public String name() {
        return segments.isEmpty() ? database + DOCUMENTS : database + DOCUMENTS + "/" + relativePath();
    }

    @Override
    public int compareTo(ResourceName o) {
        int c = database.compareTo(o.database);
        if (c != 0) {
            return c;
        }
        int n = Math.min(segments.size(), o.segments.size());
        for (int i = 0; i < n; i++) {
            c = compareSegments(segments.get(i), o.segments.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(segments.size(), o.segments.size());
    }

    /**
     * Segments compare as the service orders ids: numeric ids ({@code __id<long>__}, what the legacy
     * Datastore API allocates) first, by their number; every other id as UTF-8 bytes, which is
     * code-point order (not Java's UTF-16 order).
     */
    public static int compareSegments(String a, String b) {
        Long na = numericId(a);
        Long nb = numericId(b);
        if (na != null && nb != null) {
            return Long.compare(na, nb);
        }
        if (na != null || nb != null) {
            return na != null ? -1 : 1;
        }
        return Utf8Order.compare(a, b);
    }

    /**
     * The first id of this name that the service reserves for itself, or null: a collection id or a
     * document id matching {@code __.*__}, except numeric document ids ({@code __id<long>__}).
     */
    public String reservedSegment() {
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (isReserved(s) && !(i % 2 == 1 && numericId(s) != null)) {
                return s;
            }
        }
        return null;
    }

    /** Whether an id has the reserved form {@code __.*__}. */
    public static boolean isReserved(String id) {
        return id.length() >= 4 && id.startsWith("__") && id.endsWith("__");
    }

    /** The number of a numeric id ({@code __id<long>__}), or null for any other id. */
    public static Long numericId(String segment) {
        if (segment.length() <= 6 || !segment.startsWith("__id") || !segment.endsWith("__")) {
            return null;
        }
        try {
            return Long.parseLong(segment.substring(4, segment.length() - 2));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceName r && r.database.equals(database) && r.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return database.hashCode() * 31 + segments.hashCode();
    }

    @Override
    public String toString() {
        return name();
    }
}
