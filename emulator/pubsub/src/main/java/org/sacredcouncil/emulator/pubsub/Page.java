package org.sacredcouncil.emulator.pubsub;

import java.util.List;
import java.util.function.Function;

/** One page of a name-ordered list; the token is the last name of the previous page. */
record Page<T>(List<T> items, String nextToken) {

    static <T> Page<T> of(List<T> all, Function<T, String> name, int pageSize, String token) {
        List<T> rest = token.isEmpty()
                ? all
                : all.stream()
                        .filter(item -> name.apply(item).compareTo(token) > 0)
                        .toList();
        if (pageSize <= 0 || rest.size() <= pageSize) {
            return new Page<>(rest, "");
        }
        List<T> items = rest.subList(0, pageSize);
        return new Page<>(items, name.apply(items.get(items.size() - 1)));
    }
}
