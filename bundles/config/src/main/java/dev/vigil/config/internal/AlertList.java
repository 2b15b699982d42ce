package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.vigil.api.alert.AlertSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the top-level {@code alerts} list: one sink each, with its type and its own settings. */
final class AlertList {
    private AlertList() {
    }

    static List<AlertSpec> read(Fields f, JsonObject root, Installed installed) {
        List<AlertSpec> out = new ArrayList<>();
        JsonElement list = root.get("alerts");
        if (list == null || list.isJsonNull()) {
            return out;
        }
        if (!list.isJsonArray()) {
            f.error("alerts", "expected a list of sinks such as [{\"type\": \"webhook\", \"url\": \"http://...\"}]");
            return out;
        }
        JsonArray sinks = list.getAsJsonArray();
        Set<String> names = new HashSet<>();
        Map<String, Integer> perType = new LinkedHashMap<>();
        for (int i = 0; i < sinks.size(); i++) {
            String at = "alerts[" + i + "]";
            JsonObject sink = f.object(sinks.get(i), at);
            if (sink == null) {
                continue;
            }
            String type = f.string(sink, at + ".type", "type", null);
            if (type == null || type.isBlank()) {
                f.error(at + ".type", "missing; say which sink this is: \"webhook\" or \"exec\"");
                continue;
            }
            int n = perType.merge(type, 1, Integer::sum);
            String name = f.string(sink, at + ".name", "name", type + "#" + n);
            if (!names.add(name)) {
                f.error(at + ".name", "another sink is named \"" + name + "\"; give each a distinct \"name\"");
            }
            Map<String, Object> params = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> p : sink.entrySet()) {
                if (!ConfigKeys.ALERT.contains(p.getKey())) {
                    params.put(p.getKey(), plain(p.getValue()));
                }
            }
            AlertSinks.audit(f, installed, at, type, sink);
            out.add(new AlertSpec(type, name, params));
        }
        return out;
    }

    private static Object plain(JsonElement e) {
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            return p.isBoolean() ? (Object) p.getAsBoolean()
                    : p.isNumber() ? new java.math.BigDecimal(p.getAsString()) : p.getAsString();
        }
        if (e.isJsonArray()) {
            List<Object> items = new ArrayList<>();
            e.getAsJsonArray().forEach(x -> items.add(plain(x)));
            return List.copyOf(items);
        }
        if (e.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            e.getAsJsonObject().entrySet().forEach(x -> map.put(x.getKey(), plain(x.getValue())));
            return map;
        }
        return "";
    }
}
