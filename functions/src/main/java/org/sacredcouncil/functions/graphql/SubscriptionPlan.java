package org.sacredcouncil.functions.graphql;

import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import java.util.List;
import org.sacredcouncil.core.json.JsonWriter;

/**
 * The plan the hub runs a subscription by (docs/graphql.md#subscriptions): the validated operation with its
 * fragments inlined and {@code @skip}/{@code @include} applied (the normalized operation), as
 * {@code {"root", "key", "selection": [{"key", "field", "selection"?, "typename"?}]}}. {@code artifacts} is refused:
 * the hub has no artifacts to project.
 */
final class SubscriptionPlan {

    private SubscriptionPlan() {}

    static String of(ExecutableNormalizedOperation operation) {
        // the spec's single root field (graphql-java's validation has checked it)
        ExecutableNormalizedField root = operation.getTopLevelFields().get(0);
        JsonWriter w = new JsonWriter()
                .beginObject()
                .name("root")
                .value(root.getName())
                .name("key")
                .value(root.getResultKey());
        w.name("selection");
        selection(w, root.getChildren());
        return w.endObject().toString();
    }

    private static void selection(JsonWriter w, List<ExecutableNormalizedField> fields) {
        w.beginArray();
        for (ExecutableNormalizedField f : fields) {
            if (f.getName().equals("artifacts")) {
                throw GraphqlRefusal.of(
                        "unavailable_in_subscription", "artifacts", "artifacts cannot be selected in a subscription");
            }
            w.beginObject().name("key").value(f.getResultKey()).name("field").value(f.getName());
            if (f.getName().equals("__typename")) {
                w.name("typename").value(f.getObjectTypeNames().iterator().next());
            } else if (!f.getChildren().isEmpty()) {
                w.name("selection");
                selection(w, f.getChildren());
            }
            w.endObject();
        }
        w.endArray();
    }
}
