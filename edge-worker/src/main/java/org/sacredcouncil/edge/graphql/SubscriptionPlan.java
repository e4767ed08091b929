package org.sacredcouncil.edge.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.edge.hub.JsonValues;

/**
 * heart's plan of a subscription (docs/graphql.md#subscriptions): the root field ({@code field} or {@code
 * messageAdded}), its key in the answer and the selection as nodes {@code {"key", "field", "selection"?,
 * "typename"?}}, fragments inlined and directives applied. The hub holds no GraphQL parser: it projects its own field
 * and messages through the plan, a renaming only, keeping the plan's keys in the plan's order.
 */
public final class SubscriptionPlan {

    public static final String FIELD = "field";
    public static final String MESSAGE_ADDED = "messageAdded";

    private SubscriptionPlan() {}

    /** The plan heart answered, or null when the answer is not one (then the hub reports it as an error). */
    public static Map<String, Object> check(Object answer) {
        if (!(answer instanceof Map)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = (Map<String, Object>) answer;
        Object root = plan.get("root");
        if (!FIELD.equals(root) && !MESSAGE_ADDED.equals(root)) {
            return null;
        }
        return nodes(plan.get("selection")) ? plan : null;
    }

    private static boolean nodes(Object selection) {
        if (!(selection instanceof List)) {
            return false;
        }
        for (Object node : (List<?>) selection) {
            if (!(node instanceof Map) || !(((Map<?, ?>) node).get("key") instanceof String)) {
                return false;
            }
            Object sub = ((Map<?, ?>) node).get("selection");
            if (sub != null && !nodes(sub)) {
                return false;
            }
        }
        return true;
    }

    public static String root(Map<String, Object> plan) {
        return (String) plan.get("root");
    }

    /**
     * {@code {"data": {"<key>": <projection>}}}: the root's key is the plan's {@code key} (an alias), else its name.
     *
     * @param source the field or a message in the schema's shape ({@link #fieldShape}, a {@code message} frame's
     *               message)
     */
    @SuppressWarnings("unchecked")
    public static String data(Map<String, Object> plan, Map<String, Object> source) {
        Object key = plan.get("key");
        JsonWriter w = new JsonWriter().beginObject().name("data").beginObject();
        w.name(key instanceof String ? (String) key : root(plan));
        project(w, (List<Object>) plan.get("selection"), source);
        return w.endObject().endObject().toString();
    }

    @SuppressWarnings("unchecked")
    static void project(JsonWriter w, List<Object> selection, Map<String, Object> source) {
        w.beginObject();
        for (Object item : selection) {
            Map<String, Object> node = (Map<String, Object>) item;
            w.name((String) node.get("key"));
            Object typename = node.get("typename");
            if (typename instanceof String) {
                w.value((String) typename);
                continue;
            }
            Object value = source.get(node.get("field"));
            Object sub = node.get("selection");
            if (sub == null) {
                JsonValues.write(w, value);
            } else if (value instanceof Map) {
                project(w, (List<Object>) sub, (Map<String, Object>) value);
            } else if (value instanceof List) {
                w.beginArray();
                for (Object element : (List<Object>) value) {
                    project(w, (List<Object>) sub, (Map<String, Object>) element);
                }
                w.endArray();
            } else {
                w.nullValue();
            }
        }
        w.endObject();
    }

    /**
     * The public field JSON (as {@code GET /v1/field} serves it) in the schema's {@code Field} shape: {@code
     * global.coherence}, {@code global.agents}, {@code sacred.loveAmplification} lifted, {@code regions} a list
     * sorted by region (the JSON's own order: {@code FieldStateJson} writes them sorted).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fieldShape(String publicField) {
        Map<String, Object> json = (Map<String, Object>) JsonReader.parse(publicField);
        Map<String, Object> global = (Map<String, Object>) json.get("global");
        Map<String, Object> sacred = (Map<String, Object>) json.get("sacred");
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("version", json.get("version"));
        field.put("updatedAt", json.get("updatedAt"));
        field.put("coherence", global.get("coherence"));
        field.put("agents", global.get("agents"));
        field.put("loveAmplification", sacred.get("loveAmplification"));
        List<Object> regions = new ArrayList<>();
        for (Map.Entry<String, Object> region : ((Map<String, Object>) json.get("regions")).entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>((Map<String, Object>) region.getValue());
            r.put("region", region.getKey());
            regions.add(r);
        }
        field.put("regions", regions);
        return field;
    }
}
