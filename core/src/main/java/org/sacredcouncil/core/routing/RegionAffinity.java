package org.sacredcouncil.core.routing;

import org.sacredcouncil.core.text.AsciiCase;

/**
 * Maps an origin's Google Cloud region (e.g. {@code europe-west1}) to the continent code that Cloudflare
 * puts in {@code request.cf.continent} (AF, AN, AS, EU, NA, OC, SA), so the edge can prefer nearby origins
 * without a table per data centre.
 */
public final class RegionAffinity {

    private RegionAffinity() {}

    /** The continent code of a region, or "" when unknown. A region may also be given as a bare code. */
    public static String continentOf(String region) {
        if (region == null || region.isEmpty()) {
            return "";
        }
        String r = AsciiCase.lower(region);
        if (r.length() == 2) {
            return AsciiCase.upper(r);
        }
        if (r.startsWith("europe")) {
            return "EU";
        }
        if (r.startsWith("us-") || r.startsWith("northamerica")) {
            return "NA";
        }
        if (r.startsWith("southamerica")) {
            return "SA";
        }
        if (r.startsWith("asia") || r.startsWith("me-")) {
            return "AS";
        }
        if (r.startsWith("australia")) {
            return "OC";
        }
        if (r.startsWith("africa")) {
            return "AF";
        }
        return "";
    }

    public static boolean isNear(String originRegion, String clientContinent) {
        if (clientContinent == null || clientContinent.isEmpty()) {
            return false;
        }
        String continent = continentOf(originRegion);
        return !continent.isEmpty() && continent.equals(AsciiCase.upper(clientContinent));
    }
}
