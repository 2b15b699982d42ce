package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vigil.api.ServiceDefinition;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps config/vigil.schema.json, the editors' view of the format, in step with the
 * validator: at every place the validator knows keys (ConfigKeys), the schema has exactly
 * those properties, and its patterns accept what the validator accepts.
 */
class ConfigSchemaTest {
    private static final Path SCHEMA = Path.of("../../config/vigil.schema.json");

    /**
     * Where each ConfigKeys set lives in the schema: the steps from the root, "$ref"s followed.
     * A step "oneOf:object" takes the branch of a oneOf that describes an object.
     */
    private static final Map<String, List<List<String>>> PLACES = Map.ofEntries(
            Map.entry("ROOT", List.of(List.of())),
            Map.entry("SYSTEM", List.of(List.of("properties", "system"))),
            Map.entry("HTTP", List.of(List.of("properties", "system", "properties", "http"))),
            Map.entry("HISTORY", List.of(List.of("properties", "system", "properties", "history"))),
            Map.entry("ALERT", List.of(List.of("properties", "alerts", "items"))),
            Map.entry("DEFAULTS", List.of(List.of("properties", "defaults"))),
            Map.entry("SERVICE", List.of(List.of("properties", "services", "additionalProperties"))),
            Map.entry("RESTART", List.of(List.of("properties", "defaults", "properties", "restart"),
                    List.of("properties", "services", "additionalProperties", "properties", "restart"))),
            Map.entry("PORT", List.of(List.of("properties", "services", "additionalProperties", "properties", "ports",
                    "additionalProperties", "oneOf:object"))),
            Map.entry("CHECK", List.of(List.of("properties", "services", "additionalProperties", "properties", "checks", "items"))),
            Map.entry("CHECK_DEFAULTS", List.of(List.of("properties", "defaults", "properties", "check"))),
            Map.entry("RECOVERY", List.of(List.of("properties", "defaults", "properties", "recovery"))),
            Map.entry("LOG", List.of(List.of("properties", "defaults", "properties", "log"),
                    List.of("properties", "services", "additionalProperties", "properties", "log"))));

    /** Places whose other keys are not unknown but belong to something else (a check's type). */
    private static final Set<String> OPEN = Set.of("CHECK", "ALERT");

    private static JsonObject schema() throws Exception {
        return JsonParser.parseString(Files.readString(SCHEMA)).getAsJsonObject();
    }

    /** Every Set constant of ConfigKeys: the places the validator knows keys for. */
    private static Map<String, Set<String>> keySets() throws IllegalAccessException {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (Field f : ConfigKeys.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && Set.class.isAssignableFrom(f.getType())) {
                @SuppressWarnings("unchecked")
                Set<String> keys = (Set<String>) f.get(null);
                out.put(f.getName(), keys);
            }
        }
        return out;
    }

    private static JsonObject at(JsonObject root, List<String> steps) {
        JsonObject node = resolve(root, root);
        for (String step : steps) {
            if (step.equals("oneOf:object")) {
                node = node.getAsJsonArray("oneOf").asList().stream().map(e -> resolve(root, e.getAsJsonObject()))
                        .filter(o -> o.has("properties")).findFirst().orElseThrow();
            } else {
                JsonElement next = node.get(step);
                assertNotNull(next, () -> "the schema has no " + step + " at " + steps);
                node = resolve(root, next.getAsJsonObject());
            }
        }
        return node;
    }

    /** Follows a local "$ref" such as "#/$defs/service". */
    private static JsonObject resolve(JsonObject root, JsonObject node) {
        JsonObject at = node;
        while (at.has("$ref")) {
            String ref = at.get("$ref").getAsString();
            assertTrue(ref.startsWith("#/"), ref);
            JsonObject target = root;
            for (String part : ref.substring(2).split("/")) {
                target = target.getAsJsonObject(part);
                assertNotNull(target, "dangling $ref " + ref);
            }
            at = target;
        }
        return at;
    }

    @Test
    void isADraft2020Schema() throws Exception {
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema().get("$schema").getAsString());
    }

    @Test
    void everyPlaceOfTheValidatorIsMappedToTheSchema() throws Exception {
        assertEquals(new TreeSet<>(keySets().keySet()), new TreeSet<>(PLACES.keySet()),
                "a ConfigKeys set was added or removed: map it in PLACES and describe it in " + SCHEMA);
    }

    @Test
    void theSchemaHasExactlyTheValidatorsKeysAtEveryPlace() throws Exception {
        JsonObject root = schema();
        for (Map.Entry<String, Set<String>> place : keySets().entrySet()) {
            for (List<String> steps : PLACES.getOrDefault(place.getKey(), List.of())) {
                JsonObject node = at(root, steps);
                assertEquals(new TreeSet<>(place.getValue()), new TreeSet<>(node.getAsJsonObject("properties").keySet()),
                        "ConfigKeys." + place.getKey() + " vs the schema at " + steps);
                boolean closed = node.has("additionalProperties") && !node.get("additionalProperties").getAsBoolean();
                assertEquals(!OPEN.contains(place.getKey()), closed,
                        "additionalProperties at " + steps + ": false exactly where the validator warns of unknown keys");
            }
        }
    }

    @Test
    void theServicesAreNamedAndRequiredAsTheValidatorSays() throws Exception {
        JsonObject root = schema();
        assertEquals(List.of("services"), root.getAsJsonArray("required").asList().stream()
                .map(JsonElement::getAsString).toList());
        assertEquals(List.of("command"), at(root, PLACES.get("SERVICE").get(0)).getAsJsonArray("required").asList()
                .stream().map(JsonElement::getAsString).toList());
        Pattern name = pattern(root, "serviceName");
        for (String ok : List.of("api", "web-1", "db.primary", "a_b", "9lives", "a".repeat(64))) {
            assertTrue(name.matcher(ok).find(), ok);
        }
        for (String bad : List.of("", ".api", "-api", "web/api", "web api", "café", "a".repeat(65))) {
            assertFalse(name.matcher(bad).find(), bad);
        }
    }

    @Test
    void durationAndBackoffPatternsAcceptWhatTheValidatorAccepts() throws Exception {
        JsonObject root = schema();
        Pattern duration = pattern(root, "duration");
        Pattern backoff = pattern(root, "backoff");
        for (String text : List.of("500ms", "10s", "5m", "1h", "0s", "10 s", "1.5s", "-5s", "1d", "30", "s", "10S", "")) {
            assertEquals(Durations.parse(text) != null, duration.matcher(text).find(), "duration " + text);
        }
        for (String text : List.of("1s..60s", "500ms..1m", "0ms..0ms", "1s-60s", "1s..", "..1s", "1s...60s", "1s..2x")) {
            String[] parts = text.split("\\.\\.", -1);
            boolean valid = parts.length == 2 && Durations.parse(parts[0]) != null && Durations.parse(parts[1]) != null;
            assertEquals(valid, backoff.matcher(text).find(), "backoff " + text);
        }
    }

    @Test
    void sizeAndUserPatternsAcceptWhatTheValidatorAccepts() throws Exception {
        JsonObject root = schema();
        Pattern size = Pattern.compile(root.getAsJsonObject("$defs").getAsJsonObject("size").getAsJsonArray("oneOf")
                .get(1).getAsJsonObject().get("pattern").getAsString());
        for (String text : List.of("512KiB", "10MiB", "1GiB", "4096", "8192B", "10 MiB", "10MB", "10mib", "1.5MiB",
                "-1KiB", "KiB", "")) {
            assertEquals(LogPolicies.parse(text) != null, size.matcher(text).find(), "size " + text);
        }
        Pattern user = pattern(root, "userName");
        for (String ok : List.of("postgres", "_apt", "www-data", "a.b", "host$", "u".repeat(32))) {
            assertTrue(user.matcher(ok).find(), ok);
        }
        for (String bad : List.of("", "1st", "-x", "a b", "a:b", "u".repeat(33), "ünï")) {
            assertFalse(user.matcher(bad).find(), bad);
        }
    }

    @Test
    void portsTakeTheThreeFormsTheValidatorKnows() throws Exception {
        JsonObject root = schema();
        List<JsonObject> forms = root.getAsJsonObject("$defs").getAsJsonObject("port").getAsJsonArray("oneOf")
                .asList().stream().map(e -> resolve(root, e.getAsJsonObject())).toList();
        assertEquals(3, forms.size());
        assertEquals(1, forms.get(0).get("minimum").getAsInt());
        assertEquals(65535, forms.get(0).get("maximum").getAsInt());
        assertEquals("auto", forms.get(1).get("const").getAsString());
        Pattern range = Pattern.compile(forms.get(2).getAsJsonObject("properties").getAsJsonObject("range")
                .get("pattern").getAsString());
        for (String ok : List.of("8000-8099", "1-65535", "8000 - 8099")) {
            assertTrue(range.matcher(ok).find(), ok);
        }
        for (String bad : List.of("a-b", "8000", "8000..8099", "-1-5")) {
            assertFalse(range.matcher(bad).find(), bad);
        }
        Pattern portName = pattern(root, "portName");
        assertTrue(portName.matcher("http_admin").find());
        assertFalse(portName.matcher("http-admin").find());
    }

    @Test
    void everyPlaceAndPropertyHasWordsForTheEditor() throws Exception {
        JsonObject root = schema();
        for (String def : Arrays.asList("system", "defaults", "service", "restart", "port", "check", "checkDefaults",
                "recoveryDefaults", "logPolicy", "size", "userName")) {
            JsonObject node = root.getAsJsonObject("$defs").getAsJsonObject(def);
            assertTrue(node.has("title") || node.has("description"), def + " has neither title nor description");
        }
        at(root, PLACES.get("SERVICE").get(0)).getAsJsonObject("properties").entrySet().forEach(p -> {
            JsonObject prop = p.getValue().getAsJsonObject();
            assertTrue(prop.has("description") || resolve(root, prop).has("description"), p.getKey() + " is undescribed");
        });
    }

    @Test
    void theRecoveryListOffersTheShippedStrategiesAndTheDefault() throws Exception {
        JsonObject recovery = at(schema(), PLACES.get("SERVICE").get(0)).getAsJsonObject("properties")
                .getAsJsonObject("recovery");
        JsonObject shipped = recovery.getAsJsonObject("items").getAsJsonArray("anyOf").get(0).getAsJsonObject();
        assertEquals(new TreeSet<>(RecoveryList.SHIPPED), new TreeSet<>(shipped.getAsJsonArray("enum").asList().stream()
                .map(JsonElement::getAsString).toList()));
        assertEquals(ServiceDefinition.DEFAULT_RECOVERY, recovery.getAsJsonArray("default").asList().stream()
                .map(JsonElement::getAsString).toList());
        assertTrue(recovery.get("uniqueItems").getAsBoolean(), "a strategy listed twice is an error");
    }

    private static Pattern pattern(JsonObject root, String def) {
        return Pattern.compile(root.getAsJsonObject("$defs").getAsJsonObject(def).get("pattern").getAsString());
    }
}
