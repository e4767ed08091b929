package org.sacredcouncil.core.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed JSON object with typed accessors whose errors name the field path, so that request validation
 * can answer "field message.text: must be a string" without a mapping framework.
 */
public final class JsonObject {

    private final Map<String, Object> fields;
    private final String path;

    public JsonObject(Map<String, Object> fields, String path) {
        this.fields = fields;
        this.path = path;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    public boolean has(String name) {
        return fields.containsKey(name) && fields.get(name) != null;
    }

    public String fieldPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private Object require(String name) {
        Object value = fields.get(name);
        if (value == null) {
            throw new JsonException(fieldPath(name), "field " + fieldPath(name) + ": is required");
        }
        return value;
    }

    public String string(String name) {
        Object value = require(name);
        if (!(value instanceof String)) {
            throw wrongType(name, "a string");
        }
        return (String) value;
    }

    public String optString(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    public double number(String name) {
        Object value = require(name);
        if (!(value instanceof Double)) {
            throw wrongType(name, "a number");
        }
        return (Double) value;
    }

    public double optNumber(String name, double fallback) {
        return has(name) ? number(name) : fallback;
    }

    /** An integral number that fits a long exactly (JSON numbers are doubles; larger ones lose precision). */
    public long integer(String name) {
        double value = number(name);
        if (value != Math.rint(value) || Math.abs(value) > 9.007199254740991E15) {
            throw new JsonException(fieldPath(name), "field " + fieldPath(name) + ": must be an integer");
        }
        return (long) value;
    }

    public boolean bool(String name) {
        Object value = require(name);
        if (!(value instanceof Boolean)) {
            throw wrongType(name, "true or false");
        }
        return (Boolean) value;
    }

    public boolean optBool(String name, boolean fallback) {
        return has(name) ? bool(name) : fallback;
    }

    @SuppressWarnings("unchecked")
    public JsonObject object(String name) {
        Object value = require(name);
        if (!(value instanceof Map)) {
            throw wrongType(name, "an object");
        }
        return new JsonObject((Map<String, Object>) value, fieldPath(name));
    }

    public JsonObject optObject(String name) {
        return has(name) ? object(name) : null;
    }

    @SuppressWarnings("unchecked")
    public List<Object> array(String name) {
        Object value = require(name);
        if (!(value instanceof List)) {
            throw wrongType(name, "an array");
        }
        return (List<Object>) value;
    }

    /** The elements of an array of objects, each carrying its indexed path for errors. */
    @SuppressWarnings("unchecked")
    public List<JsonObject> objects(String name) {
        List<Object> raw = array(name);
        List<JsonObject> result = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object element = raw.get(i);
            String elementPath = fieldPath(name) + "[" + i + "]";
            if (!(element instanceof Map)) {
                throw new JsonException(elementPath, "field " + elementPath + ": must be an object");
            }
            result.add(new JsonObject((Map<String, Object>) element, elementPath));
        }
        return result;
    }

    public List<String> strings(String name) {
        List<Object> raw = array(name);
        List<String> result = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object element = raw.get(i);
            if (!(element instanceof String)) {
                String elementPath = fieldPath(name) + "[" + i + "]";
                throw new JsonException(elementPath, "field " + elementPath + ": must be a string");
            }
            result.add((String) element);
        }
        return result;
    }

    private JsonException wrongType(String name, String expected) {
        return new JsonException(fieldPath(name), "field " + fieldPath(name) + ": must be " + expected);
    }
}
