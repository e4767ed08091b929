package org.sacredcouncil.emulator.firestore.rules;

import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.emulator.firestore.auth.AccessPolicy;
import org.sacredcouncil.emulator.firestore.auth.Caller;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;

/**
 * Firestore security rules as an {@link AccessPolicy}: privileged callers bypass them; every other
 * request is allowed only if an {@code allow} statement of a matching {@code match} grants it.
 */
public final class SecurityRules implements AccessPolicy {
    private final RuleSet rules;
    private final String source;

    private SecurityRules(RuleSet rules, String source) {
        this.rules = rules;
        this.source = source;
    }

    /** Loads and checks a rules file; a construct this engine does not implement is a {@link RulesSyntaxException}. */
    public static SecurityRules load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read rules file " + file, e);
        }
    }

    public static SecurityRules parse(String text, String sourceName) {
        try {
            return new SecurityRules(RulesParser.parse(text), sourceName);
        } catch (RulesSyntaxException e) {
            throw new RulesSyntaxException(sourceName + ": " + e.getMessage());
        }
    }

    @Override
    public void check(
            Caller caller, Operation op, ResourceName doc, StoredDocument existing, StoredDocument after, Database db) {
        if (caller.privileged()) {
            return;
        }
        String method = op.name().toLowerCase(java.util.Locale.ROOT);
        if (doc == null || !evaluate(caller, method, doc, existing, after, db)) {
            throw Status.PERMISSION_DENIED
                    .withDescription("Missing or insufficient permissions. (" + source + ": no allow "
                            + "statement grants '" + method + "' on "
                            + (doc == null ? "this request" : "/" + doc.relativePath()) + ")")
                    .asRuntimeException();
        }
    }

    /** Evaluates the rules for one operation on one document. */
    public boolean evaluate(
            Caller caller,
            String method,
            ResourceName doc,
            StoredDocument existing,
            StoredDocument after,
            Database db) {
        Scope root = new Scope(null, path -> read(db, path));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("auth", auth(caller));
        request.put("method", method);
        request.put("time", Instant.now());
        request.put("path", RulesValues.documentPath(doc));
        request.put("resource", after == null ? null : resource(after));
        root.bind("request", request);
        root.bind("resource", existing == null ? null : resource(existing));
        List<String> path = RulesValues.documentPath(doc).segments();
        return rules.allows(path, method, root);
    }

    private static Map<String, Object> auth(Caller caller) {
        if (!caller.authenticated()) {
            return null;
        }
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("uid", caller.uid());
        auth.put("token", RulesValues.fromStruct(caller.claims()));
        return auth;
    }

    private static Map<String, Object> resource(StoredDocument d) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("data", RulesValues.fromFields(d.fields()));
        r.put("id", d.name().lastSegment());
        r.put("__name__", RulesValues.documentPath(d.name()));
        return r;
    }

    private static Map<String, Object> read(Database db, RulesPath path) {
        List<String> s = path.segments();
        if (s.size() < 5 || !s.get(0).equals("databases") || !s.get(2).equals("documents") || (s.size() - 3) % 2 != 0) {
            throw new RulesEvaluationException(
                    "get()/exists() need a document path /databases/D/documents/..., got " + path);
        }
        String database = db.name().substring(0, db.name().lastIndexOf('/') + 1) + s.get(1);
        if (!database.equals(db.name())) {
            throw new RulesEvaluationException("get()/exists() across databases is not supported: " + path);
        }
        ResourceName name = ResourceName.root(db.name());
        for (String seg : s.subList(3, s.size())) {
            name = name.child(seg);
        }
        StoredDocument d = db.get(name);
        return d == null ? null : resource(d);
    }
}
