package org.sacredcouncil.emulator.firestore.exchange;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sacredcouncil.emulator.firestore.store.DatabaseRegistry;

/**
 * {@code POST /emulator/v1/projects/P:export}, the call {@code firebase emulators:export} makes to
 * Google's emulator: body {@code {"database": "projects/P/databases/D", "export_directory": "/abs/dir",
 * "export_name": "firestore_export"}}; one database (default: P's (default)) is written into
 * {@code export_directory/export_name/}. Google's emulator names the export {@code firestore_export_<n>}
 * when no name is given; ours {@code firestore_export}.
 */
public final class RestExport {
    private final DatabaseRegistry registry;

    public RestExport(DatabaseRegistry registry) {
        this.registry = registry;
    }

    /** The reason the request is refused, naming the field, or null when the export was written. */
    public String apply(String project, String body) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(body.isBlank() ? "{}" : body);
            if (!e.isJsonObject()) {
                return "the body must be a JSON object";
            }
            o = e.getAsJsonObject();
        } catch (RuntimeException e) {
            return "the body is not JSON: " + e.getMessage();
        }
        String database = string(o, "database");
        if (database == null) {
            database = "projects/" + project + "/databases/(default)";
        } else if (!database.matches("projects/" + java.util.regex.Pattern.quote(project) + "/databases/[^/]+")) {
            return "database must be projects/" + project + "/databases/DATABASE: \"" + database + "\"";
        }
        String directory = string(o, "export_directory");
        if (directory == null || directory.isBlank()) {
            return "export_directory is required";
        }
        Path dir = Path.of(directory);
        if (!dir.isAbsolute() || !Files.isDirectory(dir)) {
            return "export_directory must be an existing directory given by its absolute path: \"" + directory + "\"";
        }
        String name = string(o, "export_name");
        try {
            EmulatorExport.write(
                    registry, dir, name == null || name.isBlank() ? EmulatorExport.FIRESTORE_DIR : name, database);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
    }
}
