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
import java.time.Instant;

/**
 * The last config that loaded cleanly, kept in {@code data/config/}: the effective JSON
 * (base file with its profile laid over, placeholders unexpanded) and where it came from.
 * When the config file is unusable at start, Vigil runs on this copy instead.
 */
final class LastKnownGood {
    private final Path json;
    private final Path meta;
    private String savedAt = "?";

    LastKnownGood(Path dataDir) {
        Path dir = dataDir.resolve("config");
        this.json = dir.resolve("last-good.json");
        this.meta = dir.resolve("last-good.meta.json");
    }

    void save(ConfigReader.Loaded loaded, Path source, String profile) throws IOException {
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(loaded.effective());
        JsonObject about = new JsonObject();
        about.addProperty("source", source.toAbsolutePath().normalize().toString());
        about.addProperty("profile", profile == null ? "" : profile);
        about.addProperty("savedAt", Instant.now().toString());
        AtomicFile.write(json, (text + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFile.write(meta, (about + "\n").getBytes(StandardCharsets.UTF_8));
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
        String source = about.has("source") ? about.get("source").getAsString() : json.toString();
        String profile = about.has("profile") ? about.get("profile").getAsString() : "";
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
}
