package dev.vigil.ports.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases, kept in {@code data/ports.json}. Written whole to a temporary file, synced,
 * then renamed over the old one, so a crash leaves either the old leases or the new, never
 * a torn file. An unreadable file is set aside and the leases start afresh.
 */
final class LeaseFile {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseFile.class);
    private final Path file;

    LeaseFile(Path file) {
        this.file = file;
    }

    List<PortAssignment> load() {
        List<PortAssignment> out = new ArrayList<>();
        try {
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp")); // left by a crash mid-save
        } catch (IOException e) {
            LOG.warn("Cannot remove the temp file next to {}: {}", file, e.toString());
        }
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            for (var service : root.getAsJsonObject("leases").entrySet()) {
                for (var port : service.getValue().getAsJsonObject().entrySet()) {
                    JsonObject o = port.getValue().getAsJsonObject();
                    JsonObject spec = o.getAsJsonObject("spec");
                    out.add(new PortAssignment(service.getKey(), port.getKey(), o.get("port").getAsInt(),
                            new PortSpec(spec.get("preferred").getAsInt(), spec.get("low").getAsInt(),
                                    spec.get("high").getAsInt()),
                            Instant.parse(o.get("since").getAsString()), o.get("reason").getAsString()));
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
                 | ClassCastException | java.time.format.DateTimeParseException | IllegalArgumentException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            LOG.error("Port leases in {} are unreadable ({}); kept as {}, starting without leases", file, e, aside);
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                LOG.error("Could not set {} aside: {}", file, moveFailed.toString());
            }
            out.clear();
        }
        return out;
    }

    void save(Collection<PortAssignment> leases) throws IOException {
        JsonObject services = new JsonObject();
        for (PortAssignment a : leases) {
            JsonObject ports = services.has(a.service()) ? services.getAsJsonObject(a.service()) : new JsonObject();
            JsonObject spec = new JsonObject();
            spec.addProperty("preferred", a.spec().preferred());
            spec.addProperty("low", a.spec().low());
            spec.addProperty("high", a.spec().high());
            JsonObject o = new JsonObject();
            o.addProperty("port", a.port());
            o.add("spec", spec);
            o.addProperty("since", a.since().toString());
            o.addProperty("reason", a.reason());
            ports.add(a.name(), o);
            services.add(a.service(), ports);
        }
        JsonObject root = new JsonObject();
        root.addProperty("version", 1);
        root.add("leases", services);
        write(file, new GsonBuilder().setPrettyPrinting().create().toJson((JsonElement) root) + "\n");
    }

    /** Temp file, fsync, rename, fsync of the folder. */
    static void write(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a folder; the rename itself is still atomic.
        }
    }
}
