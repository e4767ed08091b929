package org.sacredcouncil.emulator.pubsub;

import io.grpc.Status;
import java.util.regex.Pattern;

/**
 * Validates resource names the way the real service does: {@code projects/P/topics/T} and
 * {@code projects/P/subscriptions/S}, where an id starts with a letter, is 3–255 characters of
 * letters, digits and {@code -_.~+%}, and does not start with {@code goog}.
 */
final class ResourceNames {

    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9\\-_.~+%]{2,254}");
    private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9\\-.:]{0,62}");

    private ResourceNames() {}

    static String requireTopic(String name) {
        return require(name, "topics", "topic");
    }

    static String requireSubscription(String name) {
        return require(name, "subscriptions", "subscription");
    }

    static String requireSnapshot(String name) {
        return require(name, "snapshots", "snapshot");
    }

    static String requireProject(String name) {
        if (name == null
                || !name.startsWith("projects/")
                || !PROJECT.matcher(name.substring(9)).matches()) {
            throw invalid("Invalid project name: \"" + name + "\"; expected projects/{project}");
        }
        return name.substring(9);
    }

    static String project(String resourceName) {
        return resourceName.split("/")[1];
    }

    static String id(String resourceName) {
        return resourceName.substring(resourceName.lastIndexOf('/') + 1);
    }

    private static String require(String name, String collection, String kind) {
        String[] parts = name == null ? new String[0] : name.split("/", -1);
        if (parts.length != 4
                || !parts[0].equals("projects")
                || !parts[2].equals(collection)
                || !PROJECT.matcher(parts[1]).matches()) {
            throw invalid("Invalid " + kind + " name: \"" + name + "\"; expected projects/{project}/" + collection
                    + "/{" + kind + "}");
        }
        String id = parts[3];
        if (!ID.matcher(id).matches() || id.startsWith("goog")) {
            throw invalid("Invalid [" + collection + "] name: (name=" + name + ")");
        }
        return name;
    }

    static RuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }

    static RuntimeException notFound(String kind, String name) {
        return Status.NOT_FOUND
                .withDescription(kind + " not found (resource=" + id(name) + ").")
                .asRuntimeException();
    }

    static RuntimeException alreadyExists(String kind, String name) {
        return Status.ALREADY_EXISTS
                .withDescription(kind + " already exists (resource=" + id(name) + ").")
                .asRuntimeException();
    }
}
