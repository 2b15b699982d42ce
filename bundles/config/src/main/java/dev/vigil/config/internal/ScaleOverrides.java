package dev.vigil.config.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The copies {@code vigil:scale} set, kept in {@code data/config/scaled.json} so that they
 * outlive the daemon: {@code {"web": {"instances": 5, "config": 3}}}, where {@code config} is
 * the {@code instances} the file had when the service was scaled. An override holds until the
 * file's own {@code instances} for that service changes. A file that cannot be read is
 * ignored with a warning: the config as written runs.
 */
final class ScaleOverrides {
    static final String NAME = "scaled.json";

    /** One service's override: the copies to run, and the {@code instances} the file had then. */
    record Scale(int copies, int configSays) {
    }

    private final Path file;

    ScaleOverrides(Path dataDir) {
        this.file = dataDir.resolve("config").resolve(NAME);
    }

    Path file() {
        return file;
    }

    /** The overrides kept; none when there is no file, and none (warned of) when it is torn or invalid. */
    Map<String, Scale> read(Consumer<String> warn) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            warn.accept(file + ": unreadable (" + e.getMessage() + "); services run with the instances the config"
                    + " gives, scale them again with vigil:scale");
            return Map.of();
        }
        JsonElement root;
        try {
            root = JsonDocument.parse(file.toString(), bytes).root();
        } catch (ConfigException e) {
            warn.accept(e.summary() + "; the scale overrides in it are ignored, services run with the instances the"
                    + " config gives; scale them again with vigil:scale");
            return Map.of();
        }
        if (!root.isJsonObject()) {
            warn.accept(file + ": expected an object of services, found " + Fields.describe(root)
                    + "; the scale overrides are ignored");
            return Map.of();
        }
        Map<String, Scale> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            Scale s = entry(e.getValue());
            if (s == null) {
                warn.accept(file + ": " + e.getKey() + ": expected {\"instances\": 1-" + Instances.MAX
                        + ", \"config\": 1-" + Instances.MAX + "}, found " + e.getValue()
                        + "; this override is ignored");
            } else {
                out.put(e.getKey(), s);
            }
        }
        return out;
    }

    /** Keeps {@code scales} (none: the file is removed), atomically. */
    void write(Map<String, Scale> scales) throws IOException {
        if (scales.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        JsonObject root = new JsonObject();
        new TreeMap<>(scales).forEach((name, s) -> {
            JsonObject one = new JsonObject();
            one.addProperty("instances", s.copies());
            one.addProperty("config", s.configSays());
            root.add(name, one);
        });
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
        AtomicFile.write(file, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Those of {@code scales} set against the {@code instances} the file gives now ({@code written}). */
    static Map<String, Scale> stillHolding(Map<String, Scale> scales, Map<String, Integer> written) {
        Map<String, Scale> out = new LinkedHashMap<>();
        scales.forEach((name, s) -> {
            if (Integer.valueOf(s.configSays()).equals(written.get(name))) {
                out.put(name, s);
            }
        });
        return out;
    }

    private static Scale entry(JsonElement e) {
        if (!e.isJsonObject()) {
            return null;
        }
        int copies = count(e.getAsJsonObject().get("instances"));
        int config = count(e.getAsJsonObject().get("config"));
        return copies == 0 || config == 0 ? null : new Scale(copies, config);
    }

    /** A count 1..MAX, or 0 when it is anything else. */
    private static int count(JsonElement e) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return 0;
        }
        java.math.BigDecimal n = e.getAsBigDecimal();
        if (n.stripTrailingZeros().scale() > 0 || n.signum() <= 0
                || n.compareTo(java.math.BigDecimal.valueOf(Instances.MAX)) > 0) {
            return 0;
        }
        return n.intValueExact();
    }
}
