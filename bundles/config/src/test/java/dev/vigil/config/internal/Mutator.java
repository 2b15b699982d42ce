package dev.vigil.config.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
        return switch (random.nextInt(6)) {
            case 0 -> truncate(bytes);
            case 1 -> flip(bytes);
            case 2 -> tree(bytes, false);
            case 3 -> duplicateKey(bytes);
            case 4 -> tree(bytes, true);
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
