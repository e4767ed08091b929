package org.sacredcouncil.functions.graphql;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** REST request targets built from GraphQL arguments: each value percent-encoded, absent (null) ones left out. */
final class RestTargets {

    private RestTargets() {}

    /** @param pairs name, value, name, value, …; a null value leaves its parameter out */
    static String of(String path, Object... pairs) {
        StringBuilder target = new StringBuilder(path);
        char separator = '?';
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                continue;
            }
            target.append(separator)
                    .append(pairs[i])
                    .append('=')
                    .append(URLEncoder.encode(String.valueOf(pairs[i + 1]), StandardCharsets.UTF_8));
            separator = '&';
        }
        return target.toString();
    }

    /** One path segment (an id): percent-encoded, so that no value can reach another route. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
