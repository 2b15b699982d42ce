package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.vigil.api.port.PortSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of JSON values that record a located problem instead of throwing, so that
 * one pass over a config reports every mistake in it.
 */
final class Fields {
    private static final java.util.regex.Pattern PORT_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("(\\d{1,5})\\s*-\\s*(\\d{1,5})");
    private final JsonDocument doc;
    private final List<String> warnings;
    private final List<ConfigProblem> problems = new ArrayList<>();

    Fields(JsonDocument doc, List<String> warnings) {
        this.doc = doc;
        this.warnings = warnings;
    }

    void error(String path, String message) {
        problems.add(new ConfigProblem(doc.fileOf(path), doc.positionOf(path), path, message));
    }

    /** Something to tell that does not make the config unusable, located like an error. */
    void warning(String path, String message) {
        warnings.add(new ConfigProblem(doc.fileOf(path), doc.positionOf(path), path, message).toString());
    }

    int count() {
        return problems.size();
    }

    ConfigException failure() {
        return new ConfigException(problems);
    }

    void throwIfAny() throws ConfigException {
        if (!problems.isEmpty()) {
            throw failure();
        }
    }

    void unknownKeys(JsonObject obj, String path, Set<String> known) {
        for (String key : obj.keySet()) {
            if (!known.contains(key)) {
                String at = path.isEmpty() ? key : path + "." + key;
                String near = Suggestions.nearest(key, known);
                warning(at, "unknown key, ignored" + (near == null ? "" : "; did you mean \"" + near + "\"?"));
            }
        }
    }

    JsonObject object(JsonElement e, String path) {
        if (e == null || !e.isJsonObject()) {
            error(path, "expected an object {...}, found " + describe(e));
            return null;
        }
        return e.getAsJsonObject();
    }

    JsonObject optionalObject(JsonObject parent, String key) {
        return optionalObject(parent, key, key);
    }

    JsonObject optionalObject(JsonObject parent, String path, String key) {
        JsonElement e = parent.get(key);
        return e == null || e.isJsonNull() ? null : object(e, path);
    }

    String string(JsonObject parent, String path, String key, String fallback) {
        JsonElement e = parent.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return e.getAsString();
        }
        error(path, "expected a string, found " + describe(e));
        return fallback;
    }

    boolean bool(JsonObject parent, String path, String key, boolean fallback) {
        JsonElement e = parent.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        error(path, "expected true or false, found " + describe(e));
        return fallback;
    }

    int integer(JsonObject parent, String path, String key, int fallback, int min, int max) {
        JsonElement e = parent.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        Integer value = wholeNumber(e);
        if (value == null || value < min || value > max) {
            error(path, "expected a whole number " + min + "-" + max + ", found " + describe(e));
            return fallback;
        }
        return value;
    }

    Duration duration(JsonObject parent, String path, String key, Duration fallback) {
        JsonElement raw = parent.get(key);
        if (raw != null && raw.isJsonPrimitive() && raw.getAsJsonPrimitive().isNumber()) {
            error(path, "expected a duration such as \"500ms\", \"10s\", \"5m\" or \"1h\", found the number "
                    + raw + "; write it as a string with its unit, e.g. \"" + raw + "s\"");
            return fallback;
        }
        String text = string(parent, path, key, null);
        if (text == null) {
            return fallback;
        }
        Duration d = Durations.parse(text);
        if (d == null) {
            error(path, "expected a duration such as \"500ms\", \"10s\", \"5m\" or \"1h\", found \"" + text + "\"");
            return fallback;
        }
        return d;
    }

    /** A duration that must be more than 0, such as an interval. */
    Duration positiveDuration(JsonObject parent, String path, String key, Duration fallback) {
        int before = count();
        Duration d = duration(parent, path, key, fallback);
        JsonElement given = parent.get(key);
        if (count() == before && given != null && !given.isJsonNull() && d.isZero()) {
            error(path, "must be more than 0");
        }
        return d;
    }

    /** A list of strings, or null when absent (an error too when {@code required}). */
    List<String> strings(JsonObject parent, String path, String key, boolean required) {
        JsonElement e = parent.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                String typo = parent.keySet().stream().filter(k -> Suggestions.nearest(k, Set.of(key)) != null)
                        .findFirst().orElse(null);
                error(path, "missing; " + (typo != null ? "found \"" + typo + "\", did you mean \"" + key + "\"?"
                        : "give the program and its arguments as an array, e.g. [\"python3\", \"app.py\"]"));
            }
            return null;
        }
        JsonArray array = ConfigReader.arrayOrNull(e);
        if (array == null) {
            error(path, "expected an array of strings, found " + describe(e)
                    + (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && "command".equals(key) ? "; write each argument as its own string, no shell is used" : ""));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonElement item = array.get(i);
            if (item.isJsonPrimitive() && item.getAsJsonPrimitive().isString()) {
                out.add(item.getAsString());
            } else {
                error(path + "[" + i + "]", "expected a string, found " + describe(item));
            }
        }
        return out;
    }

    Map<String, String> stringMap(JsonObject parent, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonObject obj = optionalObject(parent, path, path.substring(path.lastIndexOf('.') + 1));
        if (obj != null) {
            for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
                JsonElement v = e.getValue();
                if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                    out.put(e.getKey(), v.getAsString());
                } else {
                    error(path + "." + e.getKey(), "expected a string, found " + describe(v));
                }
            }
        }
        return out;
    }

    /** Named ports: a number, "auto", or {"preferred": N, "range": "LOW-HIGH"}. */
    Map<String, PortSpec> ports(JsonObject parent, String path) {
        Map<String, PortSpec> out = new LinkedHashMap<>();
        JsonObject obj = optionalObject(parent, path, "ports");
        if (obj == null) {
            return out;
        }
        for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
            String at = path + "." + e.getKey();
            if (!PORT_NAME.matcher(e.getKey()).matches()) {
                error(at, "a port name is letters, digits and '_' (it becomes ${port." + e.getKey()
                        + "} and VIGIL_PORT_" + e.getKey().toUpperCase(java.util.Locale.ROOT) + ")");
                continue;
            }
            PortSpec spec = port(e.getValue(), at);
            if (spec != null) {
                out.put(e.getKey(), spec);
            }
        }
        return out;
    }

    PortSpec port(JsonElement value, String at) {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String text = value.getAsString();
            if (text.equals("auto")) {
                return PortSpec.auto();
            }
            error(at, "expected a port 1-65535, \"auto\" or {\"preferred\": N, \"range\": \"LOW-HIGH\"}, found "
                    + describe(value) + (text.trim().matches("\\d{1,5}") ? "; write the number without quotes" : ""));
            return null;
        }
        if (value.isJsonObject()) {
            JsonObject o = value.getAsJsonObject();
            unknownKeys(o, at, Set.of("preferred", "range"));
            int preferred = integer(o, at + ".preferred", "preferred", 0, 1, 65535);
            String range = string(o, at + ".range", "range", null);
            int low = 0;
            int high = 0;
            if (range != null) {
                java.util.regex.Matcher m = RANGE.matcher(range.trim());
                low = m.matches() ? Integer.parseInt(m.group(1)) : -1;
                high = m.matches() ? Integer.parseInt(m.group(2)) : -1;
                if (low < 1 || high > 65535 || low > high) {
                    error(at + ".range", "expected \"LOW-HIGH\" with 1 <= LOW <= HIGH <= 65535, found \"" + range + "\"");
                    return null;
                }
            }
            if (preferred == 0 && range == null) {
                error(at, "give \"preferred\", \"range\" or both; for any free port write \"auto\"");
                return null;
            }
            if (preferred != 0 && range != null && (preferred < low || preferred > high)) {
                error(at + ".preferred", "port " + preferred + " is outside its range " + range.trim()
                        + "; widen the range or pick a port inside it");
                return null;
            }
            return new PortSpec(preferred, low, high);
        }
        Integer port = wholeNumber(value);
        if (port == null || port < 1 || port > 65535) {
            error(at, "expected a port 1-65535, \"auto\" or {\"preferred\": N, \"range\": \"LOW-HIGH\"}, found "
                    + describe(value));
            return null;
        }
        return PortSpec.of(port);
    }

    String expand(Placeholders placeholders, String text, Placeholders.Scope scope, String path) {
        try {
            return placeholders.expand(text, scope, path);
        } catch (IllegalArgumentException ex) {
            error(path, ex.getMessage());
            return text;
        }
    }

    private static Integer wholeNumber(JsonElement e) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        try {
            return new java.math.BigDecimal(e.getAsString()).intValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            return null;
        }
    }

    static String describe(JsonElement e) {
        if (e == null) {
            return "nothing";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        String text = p.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return p.isString() ? "the string " + text : p.isBoolean() ? text : "the number " + text;
    }
}
