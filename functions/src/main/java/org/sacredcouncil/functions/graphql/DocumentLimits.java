package org.sacredcouncil.functions.graphql;

import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import java.util.List;
import java.util.Set;

/**
 * docs/graphql.md#limits over the normalized operation (fragments inlined, {@code @skip}/{@code @include} applied,
 * aliases kept apart: each alias is a field), checked before any resolver runs: at most 20 root fields, depth ≤
 * {@code maxDepth}, each connection's {@code first} within 1–100, complexity ≤ {@code maxComplexity} where each
 * field costs 1 and a connection multiplies what it selects by its {@code first}.
 */
final class DocumentLimits {

    /** The connection fields: {@code Query.messages}, {@code Query.artifacts}, {@code Message.artifacts}. */
    private static final Set<String> CONNECTIONS = Set.of("messages", "artifacts");

    private final int maxDepth;
    private final int maxComplexity;

    DocumentLimits(int maxDepth, int maxComplexity) {
        this.maxDepth = maxDepth;
        this.maxComplexity = maxComplexity;
    }

    void check(ExecutableNormalizedOperation operation) {
        List<ExecutableNormalizedField> roots = operation.getTopLevelFields();
        if (roots.size() > GraphqlSettings.MAX_ROOT_FIELDS) {
            throw GraphqlRefusal.of(
                    "too_many_fields", null, roots.size() + " root fields; at most " + GraphqlSettings.MAX_ROOT_FIELDS);
        }
        int depth = 0;
        for (ExecutableNormalizedField root : roots) {
            depth = Math.max(depth, depth(root));
        }
        if (depth > maxDepth) {
            throw GraphqlRefusal.of("query_too_deep", null, "depth " + depth + "; at most " + maxDepth);
        }
        long complexity = 0;
        for (ExecutableNormalizedField root : roots) {
            complexity = saturated(complexity + cost(root));
        }
        if (complexity > maxComplexity) {
            throw GraphqlRefusal.of(
                    "query_too_complex", null, "complexity " + complexity + "; at most " + maxComplexity);
        }
    }

    private static int depth(ExecutableNormalizedField field) {
        int below = 0;
        for (ExecutableNormalizedField child : field.getChildren()) {
            below = Math.max(below, depth(child));
        }
        return 1 + below;
    }

    private static long cost(ExecutableNormalizedField field) {
        long children = 0;
        for (ExecutableNormalizedField child : field.getChildren()) {
            children = saturated(children + cost(child));
        }
        return saturated(1 + first(field) * children);
    }

    /** A connection's page size (checked: 1–100, default 20); 1 for every other field. */
    static long first(ExecutableNormalizedField field) {
        if (!CONNECTIONS.contains(field.getName())) {
            return 1;
        }
        Object first = field.getResolvedArguments().get("first");
        if (first == null) {
            return GraphqlSettings.DEFAULT_FIRST;
        }
        int n = ((Number) first).intValue();
        if (n < 1 || n > GraphqlSettings.MAX_FIRST) {
            throw GraphqlRefusal.of(
                    "invalid_field", "first", "first must be an integer from 1 to " + GraphqlSettings.MAX_FIRST);
        }
        return n;
    }

    private static long saturated(long n) {
        return n < 0 || n > Integer.MAX_VALUE ? Integer.MAX_VALUE : n;
    }
}
