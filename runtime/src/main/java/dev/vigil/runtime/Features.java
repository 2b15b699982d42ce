package dev.vigil.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Feature files ({@code features/*.json}): each names a set of bundles, by file name in
 * {@code bundles/} without {@code .jar}, with the start level of each. A feature with
 * {@code "when": "interactive"} is installed only when Vigil runs on a terminal.
 */
final class Features {

    /** One bundle to install. */
    record Entry(String feature, Path jar, int startLevel) {
    }

    /** The feature of Vigil itself (the config loader, the ports, the supervisor). */
    static final String CORE = "core";

    private Features() {
    }

    /**
     * Every bundle of the features that apply, ordered by start level; within a level the
     * core's come first, then the other features' by file name.
     *
     * @throws IllegalStateException naming the feature file and what is wrong with it
     */
    static List<Entry> load(Path featureDir, Path bundleDir, boolean interactive) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(featureDir)) {
            // Within a start level bundles start in install order: the core's first, so that the
            // supervisor launches the services before the optional features of its level start
            // (bench/footprint.sh: the alerts' bundles took some 200 ms ahead of it).
            files = s.filter(p -> p.toString().endsWith(".json"))
                    .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().equals(CORE + ".json"))
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no feature files in " + featureDir + "; the distribution is incomplete");
        }
        for (Path file : files) {
            JsonObject feature;
            try {
                feature = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new IllegalStateException(file + ": not a feature file: " + e.getMessage(), e);
            }
            String name = feature.has("name") ? feature.get("name").getAsString() : file.getFileName().toString();
            String when = feature.has("when") ? feature.get("when").getAsString() : "always";
            if (when.equals("interactive") && !interactive) {
                continue;
            }
            JsonArray bundles = feature.getAsJsonArray("bundles");
            if (bundles == null) {
                throw new IllegalStateException(file + ": feature " + name + " has no \"bundles\" array");
            }
            for (JsonElement b : bundles) {
                JsonObject o = b.getAsJsonObject();
                String bundle = o.get("bundle").getAsString();
                int level = o.has("startLevel") ? o.get("startLevel").getAsInt() : 1;
                Path jar = bundleDir.resolve(bundle + ".jar");
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(file + ": feature " + name + " names bundle " + bundle
                            + " but " + jar + " does not exist");
                }
                entries.add(new Entry(name, jar, level));
            }
        }
        entries.sort(Comparator.comparingInt(Entry::startLevel));
        return entries;
    }
}
