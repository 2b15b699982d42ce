package dev.vigil.config.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Damages config text the ways editors, people and disks do: a cut, a flipped byte, a key
 * deleted or written twice, a value of the wrong type, junk typed in. The same Random gives
 * the same damage, so a failing case can be found again.
 */
final class Mutator {
    private static final String[] JUNK = {",", "}", "]", "{", "[", "\"", ":", "//", "/*", "\u0000", "${", "${port.",
        "${env:", "NaN", "\uFEFF", "null", "1e400", "-", "\\", "\\u12", "'", "\t\n", "\"\":", "01", "true false"};
    private static final String[] VALUES = {"0", "-1", "1.5", "65536", "1e999", "-0", "123456789012345678901234567890",
        "\"8080\"", "\"\"", "\"auto\"", "\"1s..\"", "\"1s..60s\"", "\"0ms\"", "\"10 s\"", "true", "null", "[]", "{}",
        "[\"a\"]", "[1, [2, {}]]", "{\"type\": \"http\"}", "{\"preferred\": 70000}", "\"${port.nope}\"",
        "\"${env:UNSET}\"", "\"${vigil.home\"", "\"api\"", "\"db\"", "[\"api\", \"db\", \"api\"]", "\"" + "x".repeat(300) + "\""};
    /** What a process cannot be given, or only just: put into strings and environment names. */
    private static final String[] POISON = {"\u0000", "=", "", " ", "a=b", "\u0000\u0000", "é☕", "${port.http}", "\t"};
    private static final String[] ENV_NAMES = {"", "=", "A=B", "=X", "N\u0000UL", "\u0000", "PATH", "ü ber", " ", "A.B"};
    private static final Pattern KEY = Pattern.compile("\"([^\"\\\\]{1,40})\"\\s*:");
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    private static final Gson PRETTY = new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create();

    private final Random random;

    Mutator(Random random) {
        this.random = random;
    }

    /** One to three kinds of damage laid over {@code seed}; the seed itself is not changed. */
    byte[] mutate(byte[] seed) {
        byte[] bytes = seed;
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            bytes = once(bytes);
        }
        return bytes;
    }

    private byte[] once(byte[] bytes) {
        return switch (random.nextInt(7)) {
            case 0 -> truncate(bytes);
            case 1 -> flip(bytes);
            case 2 -> tree(bytes, false);
            case 3 -> duplicateKey(bytes);
            case 4 -> tree(bytes, true);
            case 5 -> poison(bytes);
            default -> insert(bytes, JUNK[random.nextInt(JUNK.length)].getBytes(StandardCharsets.UTF_8));
        };
    }

    private byte[] truncate(byte[] bytes) {
        return java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
    }

    private byte[] flip(byte[] bytes) {
        if (bytes.length == 0) {
            return bytes;
        }
        byte[] out = bytes.clone();
        int at = random.nextInt(out.length);
        out[at] = random.nextBoolean() ? (byte) (out[at] ^ (1 << random.nextInt(8))) : (byte) random.nextInt(256);
        return out;
    }

    private byte[] insert(byte[] bytes, byte[] junk) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
        byte[] out = new byte[bytes.length + junk.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(junk, 0, out, at, junk.length);
        System.arraycopy(bytes, at, out, at + junk.length, bytes.length - at);
        return out;
    }

    /** Writes one key of the text a second time, just before itself, with some value. */
    private byte[] duplicateKey(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<Integer> starts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        Matcher m = KEY.matcher(text);
        while (m.find()) {
            starts.add(m.start());
            keys.add(m.group(1));
        }
        if (starts.isEmpty()) {
            return truncate(bytes);
        }
        int pick = random.nextInt(starts.size());
        String copy = "\"" + keys.get(pick) + "\": " + VALUES[random.nextInt(VALUES.length)] + ", ";
        return (text.substring(0, starts.get(pick)) + copy + text.substring(starts.get(pick)))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Deletes a random key or array item, or (with {@code swap}) gives it a value of another type. */
    private byte[] tree(byte[] bytes, boolean swap) {
        try {
            JsonElement root = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            List<JsonElement> containers = new ArrayList<>();
            collect(root, containers);
            if (containers.isEmpty()) {
                return truncate(bytes);
            }
            JsonElement parent = containers.get(random.nextInt(containers.size()));
            JsonElement value = JsonParser.parseString(VALUES[random.nextInt(VALUES.length)]);
            if (parent.isJsonObject()) {
                JsonObject o = parent.getAsJsonObject();
                String key = new ArrayList<>(o.keySet()).get(random.nextInt(o.size()));
                if (swap) {
                    o.add(key, value);
                } else {
                    o.remove(key);
                }
            } else {
                JsonArray a = parent.getAsJsonArray();
                int i = random.nextInt(a.size());
                if (swap) {
                    a.set(i, value);
                } else {
                    a.remove(i);
                }
            }
            return (random.nextBoolean() ? PRETTY : GSON).toJson(root).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException notJsonAnyMore) {
            return truncate(bytes);
        }
    }

    /** Puts what a launch refuses into a string value, or an odd name into some service's env. */
    private byte[] poison(byte[] bytes) {
        try {
            JsonElement root = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            JsonElement services = root.isJsonObject() ? root.getAsJsonObject().get("services") : null;
            if (random.nextBoolean() && services != null && services.isJsonObject() && !services.getAsJsonObject().isEmpty()) {
                JsonObject all = services.getAsJsonObject();
                JsonElement svc = all.get(new ArrayList<>(all.keySet()).get(random.nextInt(all.size())));
                if (svc.isJsonObject()) {
                    JsonElement env = svc.getAsJsonObject().get("env");
                    if (env == null || !env.isJsonObject()) {
                        env = new JsonObject();
                        svc.getAsJsonObject().add("env", env);
                    }
                    env.getAsJsonObject().addProperty(pick(ENV_NAMES), pick(POISON) + "v" + pick(POISON));
                }
            } else {
                List<JsonElement> containers = new ArrayList<>();
                collect(root, containers);
                List<Runnable> strings = new ArrayList<>();
                for (JsonElement c : containers) {
                    if (c.isJsonObject()) {
                        c.getAsJsonObject().entrySet().stream().filter(e -> isString(e.getValue())).forEach(e ->
                                strings.add(() -> e.setValue(new JsonPrimitive(spoil(e.getValue().getAsString())))));
                    } else {
                        JsonArray a = c.getAsJsonArray();
                        for (int i = 0; i < a.size(); i++) {
                            int at = i;
                            if (isString(a.get(i))) {
                                strings.add(() -> a.set(at, new JsonPrimitive(spoil(a.get(at).getAsString()))));
                            }
                        }
                    }
                }
                if (strings.isEmpty()) {
                    return truncate(bytes);
                }
                strings.get(random.nextInt(strings.size())).run();
            }
            return GSON.toJson(root).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException notJsonAnyMore) {
            return truncate(bytes);
        }
    }

    private String spoil(String text) {
        String poison = pick(POISON);
        if (poison.isEmpty()) {
            return "";
        }
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + poison + text.substring(at);
    }

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static void collect(JsonElement e, List<JsonElement> out) {
        if (e.isJsonObject() && !e.getAsJsonObject().isEmpty()) {
            out.add(e);
            e.getAsJsonObject().entrySet().forEach(x -> collect(x.getValue(), out));
        } else if (e.isJsonArray() && !e.getAsJsonArray().isEmpty()) {
            out.add(e);
            e.getAsJsonArray().forEach(x -> collect(x, out));
        }
    }
}
