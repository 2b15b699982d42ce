package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Repairs what has only one sensible repair, and says what it did: missing sections get
 * their defaults, a mistyped key its right name, a value of the wrong type its obvious
 * conversion ({@code "8080"} to 8080, {@code "db"} to {@code ["db"]}). Anything with two
 * possible readings is left for a person, and the validation after healing names it.
 */
final class Healer {
    private static final Pattern DIGITS = Pattern.compile("\\s*\\d{1,5}\\s*");
    private static final Pattern PLAIN_WORDS = Pattern.compile("[^\"'\\\\`$|&;<>(){}*?]+");

    private final List<String> changes = new ArrayList<>();

    List<String> changes() {
        return List.copyOf(changes);
    }

    /** Heals {@code root} in place; the sections end up in the order system, defaults, services. */
    void heal(JsonObject root, String systemName) {
        healSections(root, systemName);
        for (String section : List.of("services", "defaults", "system")) { // each moved to the front
            JsonElement value = root.remove(section);
            if (value != null) {
                List<Map.Entry<String, JsonElement>> rest = new ArrayList<>(root.entrySet());
                rest.forEach(e -> root.remove(e.getKey()));
                root.add(section, value);
                rest.forEach(e -> root.add(e.getKey(), e.getValue()));
            }
        }
    }

    private void healSections(JsonObject root, String systemName) {
        renameNearMisses(root, "", ConfigKeys.ROOT);
        JsonObject system = object(root, "system", "");
        if (system == null) {
            system = new JsonObject();
            system.addProperty("name", systemName);
            put(root, "system", system, "", "added the missing \"system\" section");
        }
        renameNearMisses(system, "system", ConfigKeys.SYSTEM);
        JsonObject defaults = object(root, "defaults", "");
        if (defaults == null) {
            defaults = new JsonObject();
            put(root, "defaults", defaults, "", "added the missing \"defaults\" section");
        }
        healDefaults(defaults);
        JsonObject services = object(root, "services", "");
        if (services == null) {
            put(root, "services", new JsonObject(), "", "added an empty \"services\" section");
            return;
        }
        for (Map.Entry<String, JsonElement> e : services.entrySet()) {
            if (e.getValue().isJsonObject()) {
                healService(e.getValue().getAsJsonObject(), "services." + e.getKey());
            }
        }
    }

    private void healDefaults(JsonObject defaults) {
        renameNearMisses(defaults, "defaults", ConfigKeys.DEFAULTS);
        JsonObject restart = object(defaults, "restart", "defaults");
        if (restart == null) {
            restart = new JsonObject();
            put(defaults, "restart", restart, "defaults", "restored the default restart policy");
        }
        renameNearMisses(restart, "defaults.restart", ConfigKeys.RESTART);
        restoreDuration(restart, "backoff", "1s..60s", "defaults.restart", true);
        restoreNumber(restart, "maxRestarts", 5, "defaults.restart");
        restoreDuration(restart, "window", "10m", "defaults.restart", false);
        restoreDuration(restart, "stableAfter", "10s", "defaults.restart", false);
        restoreDuration(defaults, "stopTimeout", "10s", "defaults", false);
        if (defaults.get("recovery") instanceof JsonObject recovery) {
            renameNearMisses(recovery, "defaults.recovery", ConfigKeys.RECOVERY);
        }
    }

    private void healService(JsonObject svc, String path) {
        renameNearMisses(svc, path, ConfigKeys.SERVICE);
        JsonElement command = svc.get("command");
        if (command != null && command.isJsonPrimitive() && command.getAsJsonPrimitive().isString()
                && PLAIN_WORDS.matcher(command.getAsString()).matches() && !command.getAsString().isBlank()) {
            JsonArray argv = new JsonArray();
            for (String word : command.getAsString().trim().split("\\s+")) {
                argv.add(word);
            }
            put(svc, "command", argv, path, "split the command string into an argv array " + argv);
        }
        for (String list : List.of("dependsOn", "recovery")) {
            JsonElement v = svc.get(list);
            if (v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                JsonArray one = new JsonArray();
                one.add(v.getAsString());
                put(svc, list, one, path, "made the single name a list " + one);
            }
        }
        JsonElement ports = svc.get("ports");
        if (ports != null && ports.isJsonObject()) {
            for (Map.Entry<String, JsonElement> p : ports.getAsJsonObject().entrySet()) {
                JsonElement v = p.getValue();
                if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() && DIGITS.matcher(v.getAsString()).matches()) {
                    p.setValue(new JsonPrimitive(Integer.parseInt(v.getAsString().trim())));
                    changes.add(path + ".ports." + p.getKey() + ": \"" + v.getAsString() + "\" -> " + p.getValue());
                }
            }
        }
        JsonElement env = svc.get("env");
        if (env != null && env.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : env.getAsJsonObject().entrySet()) {
                JsonElement v = e.getValue();
                if (v.isJsonPrimitive() && !v.getAsJsonPrimitive().isString()) {
                    e.setValue(new JsonPrimitive(v.getAsString()));
                    changes.add(path + ".env." + e.getKey() + ": " + v + " -> \"" + v.getAsString() + "\"");
                }
            }
        }
        JsonElement autostart = svc.get("autostart");
        if (autostart != null && autostart.isJsonPrimitive() && autostart.getAsJsonPrimitive().isString()
                && Set.of("true", "false").contains(autostart.getAsString().trim())) {
            put(svc, "autostart", new JsonPrimitive(Boolean.parseBoolean(autostart.getAsString().trim())), path,
                    "\"" + autostart.getAsString() + "\" -> " + autostart.getAsString().trim());
        }
        JsonObject restart = object(svc, "restart", path);
        if (restart != null) {
            renameNearMisses(restart, path + ".restart", ConfigKeys.RESTART);
            JsonElement max = restart.get("maxRestarts");
            if (max != null && max.isJsonPrimitive() && max.getAsJsonPrimitive().isString()
                    && DIGITS.matcher(max.getAsString()).matches()) {
                put(restart, "maxRestarts", new JsonPrimitive(Integer.parseInt(max.getAsString().trim())),
                        path + ".restart", "\"" + max.getAsString() + "\" -> " + max.getAsString().trim());
            }
        }
    }

    private void renameNearMisses(JsonObject obj, String path, Set<String> known) {
        for (String key : List.copyOf(obj.keySet())) {
            if (known.contains(key)) {
                continue;
            }
            String near = Suggestions.nearest(key, known);
            if (near != null && !obj.has(near)) {
                // Rebuilt in order, so the renamed key stays where it was in the file.
                List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(obj.entrySet());
                entries.forEach(e -> obj.remove(e.getKey()));
                entries.forEach(e -> obj.add(e.getKey().equals(key) ? near : e.getKey(), e.getValue()));
                changes.add((path.isEmpty() ? "" : path + ".") + key + ": renamed to \"" + near + "\"");
            }
        }
    }

    private void restoreDuration(JsonObject obj, String key, String dflt, String path, boolean range) {
        JsonElement v = obj.get(key);
        boolean ok = v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()
                && (range ? validRange(v.getAsString()) : Durations.parse(v.getAsString()) != null);
        if (!ok) {
            put(obj, key, new JsonPrimitive(dflt), path, v == null ? "added the default \"" + dflt + "\""
                    : Fields.describe(v) + " is not a duration; restored the default \"" + dflt + "\"");
        }
    }

    private void restoreNumber(JsonObject obj, String key, int dflt, String path) {
        JsonElement v = obj.get(key);
        if (v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() && DIGITS.matcher(v.getAsString()).matches()) {
            put(obj, key, new JsonPrimitive(Integer.parseInt(v.getAsString().trim())), path,
                    "\"" + v.getAsString() + "\" -> " + v.getAsString().trim());
        } else if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            put(obj, key, new JsonPrimitive(dflt), path, v == null ? "added the default " + dflt
                    : Fields.describe(v) + " is not a number; restored the default " + dflt);
        }
    }

    private static boolean validRange(String text) {
        String[] parts = text.split("\\.\\.", -1);
        return parts.length == 2 && Durations.parse(parts[0]) != null && Durations.parse(parts[1]) != null;
    }

    /** The object at {@code key}, or null when it is absent or not an object (then replaced by the caller). */
    private JsonObject object(JsonObject parent, String key, String path) {
        JsonElement v = parent.get(key);
        if (v != null && !v.isJsonObject()) {
            changes.add((path.isEmpty() ? "" : path + ".") + key + ": " + Fields.describe(v)
                    + " is not an object; replaced");
            parent.remove(key);
            return null;
        }
        return v == null ? null : v.getAsJsonObject();
    }

    private void put(JsonObject obj, String key, JsonElement value, String path, String what) {
        obj.add(key, value);
        changes.add((path.isEmpty() ? "" : path + ".") + key + ": " + what);
    }
}
