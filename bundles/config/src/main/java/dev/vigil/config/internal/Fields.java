package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.vigil.api.CheckSpec;
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
                warnings.add(new ConfigProblem(doc.fileOf(at), doc.positionOf(at), at, "unknown key, ignored"
                        + (near == null ? "" : "; did you mean \"" + near + "\"?")).toString());
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

    private PortSpec port(JsonElement value, String at) {
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

    List<CheckSpec> checks(JsonObject parent, String path, CheckSpec defaults, Placeholders placeholders,
                           Set<String> ports) {
        List<CheckSpec> out = new ArrayList<>();
        JsonElement e = parent.get("checks");
        if (e == null || e.isJsonNull()) {
            return out;
        }
        JsonArray array = ConfigReader.arrayOrNull(e);
        if (array == null) {
            error(path, "expected an array of checks [{\"type\": ...}], found " + describe(e));
            return out;
        }
        Map<String, Long> perType = new java.util.HashMap<>();
        array.forEach(c -> {
            // Only a string type counts: any other is reported below, and getAsString() would throw on it.
            if (c.isJsonObject() && c.getAsJsonObject().get("type") instanceof JsonPrimitive t && t.isString()) {
                perType.merge(t.getAsString(), 1L, Long::sum);
            }
        });
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String at = path + "[" + i + "]";
            JsonObject check = object(array.get(i), at);
            if (check == null) {
                continue;
            }
            String type = string(check, at + ".type", "type", null);
            if (type == null || type.isBlank()) {
                error(at + ".type", "missing; name the check type, such as \"http\" or \"tcp\"");
                continue;
            }
            String name = string(check, at + ".name", "name", perType.getOrDefault(type, 1L) > 1 ? type + "#" + i : type);
            if (!names.add(name)) {
                error(at + ".name", "another check of this service is named \"" + name + "\"; give each a distinct \"name\"");
            }
            Duration interval = duration(check, at + ".interval", "interval", defaults.interval());
            Duration timeout = duration(check, at + ".timeout", "timeout", defaults.timeout());
            int failures = integer(check, at + ".failureThreshold", "failureThreshold", defaults.failureThreshold(), 1, 1000);
            int passes = integer(check, at + ".successThreshold", "successThreshold", defaults.successThreshold(), 1, 1000);
            Duration grace = duration(check, at + ".startPeriod", "startPeriod", defaults.startPeriod());
            boolean critical = bool(check, at + ".critical", "critical", true);
            if (interval.isZero()) {
                error(at + ".interval", "must be more than 0");
            }
            if (timeout.isZero()) {
                error(at + ".timeout", "must be more than 0");
            }
            Map<String, Object> params = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> p : check.entrySet()) {
                if (!ConfigKeys.CHECK.contains(p.getKey())) {
                    params.put(p.getKey(), plain(p.getValue(), at + "." + p.getKey(), placeholders, ports));
                }
            }
            out.add(new CheckSpec(type, name, interval, timeout, failures, passes, grace, critical, params));
        }
        return out;
    }

    /** The defaults of every check, from {@code defaults.check}. */
    CheckSpec checkDefaults(JsonObject obj) {
        CheckSpec base = CheckSpec.of("defaults", Map.of());
        if (obj == null) {
            return base;
        }
        unknownKeys(obj, "defaults.check", ConfigKeys.CHECK_DEFAULTS);
        return new CheckSpec("defaults", "defaults",
                duration(obj, "defaults.check.interval", "interval", base.interval()),
                duration(obj, "defaults.check.timeout", "timeout", base.timeout()),
                integer(obj, "defaults.check.failureThreshold", "failureThreshold", base.failureThreshold(), 1, 1000),
                integer(obj, "defaults.check.successThreshold", "successThreshold", base.successThreshold(), 1, 1000),
                duration(obj, "defaults.check.startPeriod", "startPeriod", base.startPeriod()), true, Map.of());
    }

    /** A check parameter as plain Java: strings (placeholders expanded), booleans, numbers, lists, maps. */
    private Object plain(JsonElement e, String path, Placeholders placeholders, Set<String> ports) {
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            return p.isBoolean() ? (Object) p.getAsBoolean()
                    : p.isNumber() ? new java.math.BigDecimal(p.getAsString())
                    : expand(placeholders, p.getAsString(), ports, path);
        }
        if (e.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < e.getAsJsonArray().size(); i++) {
                list.add(plain(e.getAsJsonArray().get(i), path + "[" + i + "]", placeholders, ports));
            }
            return List.copyOf(list);
        }
        if (e.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            e.getAsJsonObject().entrySet().forEach(x -> map.put(x.getKey(),
                    plain(x.getValue(), path + "." + x.getKey(), placeholders, ports)));
            return java.util.Collections.unmodifiableMap(map);
        }
        return "";
    }

    String expand(Placeholders placeholders, String text, Set<String> ports, String path) {
        try {
            return placeholders.expand(text, ports);
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
