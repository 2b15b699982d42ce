package dev.vigil.config.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.vigil.api.SystemConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The last config that loaded cleanly from one file (and profile), kept in {@code data/config/}:
 * the effective JSON (base file with its profile laid over, placeholders unexpanded) and where
 * it came from. Each file has its own copy, named after its absolute path, so that a copy
 * is only ever run in place of the file it was saved from.
 */
final class LastKnownGood {
    /** Where Vigil kept one copy for every file, before copies were per file. */
    private static final String SHARED = "last-good";
    private final Path json;
    private final Path meta;
    private final Path shared;
    private final String source;
    private final String profile;
    private String savedAt = "?";

    LastKnownGood(Path dataDir, Path file, String profile) {
        Path dir = dataDir.resolve("config");
        this.source = file.toAbsolutePath().normalize().toString();
        this.profile = profile == null ? "" : profile;
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        String name = "last-good-" + stem + "-" + digest(ConfigReader.origin(file, profile));
        this.json = dir.resolve(name + ".json");
        this.meta = dir.resolve(name + ".meta.json");
        this.shared = dir.resolve(SHARED + ".json");
    }

    void save(ConfigReader.Loaded loaded) throws IOException {
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(loaded.effective());
        JsonObject about = new JsonObject();
        about.addProperty("source", source);
        about.addProperty("profile", profile);
        about.addProperty("savedAt", Instant.now().toString());
        AtomicFile.write(json, (text + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(meta, (about + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Takes over the one shared copy older versions kept, when it was saved from this file
     * and profile; a shared copy of any other file is left alone and never run.
     */
    void adoptSharedCopy() throws IOException {
        Path sharedMeta = shared.resolveSibling(SHARED + ".meta.json");
        if (exists() || !Files.isRegularFile(shared) || !Files.isRegularFile(sharedMeta)) {
            return;
        }
        try {
            JsonObject about = JsonParser.parseString(Files.readString(sharedMeta)).getAsJsonObject();
            if (!source.equals(text(about, "source")) || !profile.equals(text(about, "profile"))) {
                return;
            }
        } catch (JsonParseException | IllegalStateException e) {
            return;
        }
        Files.move(shared, json, StandardCopyOption.ATOMIC_MOVE);
        Files.move(sharedMeta, meta, StandardCopyOption.ATOMIC_MOVE);
    }

    /** When the copy that was last read had been saved. */
    String savedAt() {
        return savedAt;
    }

    boolean exists() {
        return Files.isRegularFile(json) && Files.isRegularFile(meta);
    }

    Path file() {
        return json;
    }

    Path metaFile() {
        return meta;
    }

    /**
     * Reads the copy back. Relative working directories resolve against the original
     * file's folder, as they did when it was saved.
     */
    SystemConfig read(ConfigReader reader) throws ConfigException {
        JsonObject about;
        try {
            about = JsonParser.parseString(Files.readString(meta)).getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw JsonDocument.problem(meta.toString(), Position.UNKNOWN, "unreadable: " + e.getMessage());
        }
        if (!source.equals(text(about, "source")) || !profile.equals(text(about, "profile"))) {
            throw JsonDocument.problem(meta.toString(), Position.UNKNOWN, "is the copy of " + text(about, "source")
                    + ", not of " + source + "; remove it");
        }
        savedAt = about.has("savedAt") ? about.get("savedAt").getAsString() : "?";
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(json);
        } catch (IOException e) {
            throw JsonDocument.problem(json.toString(), Position.UNKNOWN, "unreadable: " + e);
        }
        // The origin stays the file's (profile included): the services are the same ones, and when
        // the file is fixed they must compare equal, or every one of them would be restarted for nothing.
        Path original = Path.of(source);
        return reader.read(json.toString(), bytes, original.getParent(), ConfigReader.origin(original, profile));
    }

    private static String text(JsonObject about, String key) {
        return about.has(key) && about.get(key).isJsonPrimitive() ? about.get(key).getAsString() : null;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
