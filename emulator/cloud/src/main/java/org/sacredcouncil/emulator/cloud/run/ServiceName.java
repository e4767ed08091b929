package org.sacredcouncil.emulator.cloud.run;

import java.util.regex.Pattern;

/**
 * A Cloud Run service's resource name, {@code projects/P/locations/L/services/S}, checked as the Admin API checks
 * it: a project id of 6–30 characters, a region like {@code europe-west1}, a service id of lower-case letters,
 * digits and hyphens (up to 49, starting with a letter, not ending with a hyphen).
 */
public final class ServiceName {

    private static final Pattern FULL = Pattern.compile(
            "projects/[a-z][-a-z0-9]{4,28}[a-z0-9]/locations/[a-z]+-[a-z]+[0-9]+/services/[a-z](?:[-a-z0-9]{0,47}[a-z0-9])?");

    private ServiceName() {}

    public static boolean isValid(String name) {
        return name != null && FULL.matcher(name).matches();
    }

    /** {@code projects/P/locations/L} of a valid name. */
    public static String parent(String name) {
        return name.substring(0, name.indexOf("/services/"));
    }

    /** The last segment, {@code S}. */
    public static String id(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
