package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.vigil.api.CheckSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's {@code checks} and the {@code defaults.check} they inherit from: the settings
 * every check has, and its type's own parameters as plain Java values.
 */
final class Checks {
    private Checks() {
    }

    /**
     * @param defaults  from {@link #defaults}: its retryInterval is ZERO when
     *                  {@code defaults.check} gives none, and each check then retries at its own interval
     * @param installed the check types each check is looked at by
     */
    static List<CheckSpec> read(Fields f, JsonObject parent, String path, CheckSpec defaults, Placeholders placeholders,
                                Placeholders.Scope scope, Installed installed) {
        List<CheckSpec> out = new ArrayList<>();
        JsonElement e = parent.get("checks");
        if (e == null || e.isJsonNull()) {
            return out;
        }
        JsonArray array = ConfigReader.arrayOrNull(e);
        if (array == null) {
            f.error(path, "expected an array of checks [{\"type\": ...}], found " + Fields.describe(e));
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
            JsonObject check = f.object(array.get(i), at);
            if (check == null) {
                continue;
            }
            String type = f.string(check, at + ".type", "type", null);
            if (type == null || type.isBlank()) {
                f.error(at + ".type", "missing; name the check type, such as \"http\" or \"tcp\"");
                continue;
            }
            String name = f.string(check, at + ".name", "name", perType.getOrDefault(type, 1L) > 1 ? type + "#" + i : type);
            if (!names.add(name)) {
                f.error(at + ".name", "another check of this service is named \"" + name + "\"; give each a distinct \"name\"");
            }
            Duration interval = f.positiveDuration(check, at + ".interval", "interval", defaults.interval());
            Duration retry = f.positiveDuration(check, at + ".retryInterval", "retryInterval",
                    defaults.retryInterval().isZero() ? interval : defaults.retryInterval());
            Duration timeout = f.positiveDuration(check, at + ".timeout", "timeout", defaults.timeout());
            int failures = f.integer(check, at + ".failureThreshold", "failureThreshold", defaults.failureThreshold(), 1, 1000);
            int passes = f.integer(check, at + ".successThreshold", "successThreshold", defaults.successThreshold(), 1, 1000);
            Duration grace = f.duration(check, at + ".startPeriod", "startPeriod", defaults.startPeriod());
            boolean critical = f.bool(check, at + ".critical", "critical", true);
            Map<String, Object> params = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> p : check.entrySet()) {
                if (!ConfigKeys.CHECK.contains(p.getKey())) {
                    params.put(p.getKey(), plain(f, p.getValue(), at + "." + p.getKey(), placeholders, scope));
                }
            }
            CheckAudit.audit(f, installed, at, type, params);
            out.add(new CheckSpec(type, name, interval, retry, timeout, failures, passes, grace, critical, params));
        }
        return out;
    }

    /**
     * The defaults of every check, from {@code defaults.check}; its retryInterval is ZERO
     * unless given (never a valid value), meaning each check's own interval.
     */
    static CheckSpec defaults(Fields f, JsonObject obj) {
        CheckSpec base = CheckSpec.of("defaults", Map.of());
        if (obj == null) {
            return new CheckSpec("defaults", "defaults", base.interval(), Duration.ZERO, base.timeout(),
                    base.failureThreshold(), base.successThreshold(), base.startPeriod(), true, Map.of());
        }
        f.unknownKeys(obj, "defaults.check", ConfigKeys.CHECK_DEFAULTS);
        return new CheckSpec("defaults", "defaults",
                f.positiveDuration(obj, "defaults.check.interval", "interval", base.interval()),
                f.positiveDuration(obj, "defaults.check.retryInterval", "retryInterval", Duration.ZERO),
                f.positiveDuration(obj, "defaults.check.timeout", "timeout", base.timeout()),
                f.integer(obj, "defaults.check.failureThreshold", "failureThreshold", base.failureThreshold(), 1, 1000),
                f.integer(obj, "defaults.check.successThreshold", "successThreshold", base.successThreshold(), 1, 1000),
                f.duration(obj, "defaults.check.startPeriod", "startPeriod", base.startPeriod()), true, Map.of());
    }

    /** A check parameter as plain Java: strings (placeholders expanded), booleans, numbers, lists, maps. */
    private static Object plain(Fields f, JsonElement e, String path, Placeholders placeholders, Placeholders.Scope scope) {
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            return p.isBoolean() ? (Object) p.getAsBoolean()
                    : p.isNumber() ? new java.math.BigDecimal(p.getAsString())
                    : f.expand(placeholders, p.getAsString(), scope, path);
        }
        if (e.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < e.getAsJsonArray().size(); i++) {
                list.add(plain(f, e.getAsJsonArray().get(i), path + "[" + i + "]", placeholders, scope));
            }
            return List.copyOf(list);
        }
        if (e.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            e.getAsJsonObject().entrySet().forEach(x -> map.put(x.getKey(),
                    plain(f, x.getValue(), path + "." + x.getKey(), placeholders, scope)));
            return java.util.Collections.unmodifiableMap(map);
        }
        return "";
    }}
