package dev.vigil.supervisor.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code data/services.json}: the processes this daemon runs, rewritten at every launch,
 * exit and stop, so that a daemon starting after a crash finds and adopts them. Written to
 * a temp file and renamed over the old one, so a kill -9 at any moment leaves either the
 * old file or the new one. Not fsynced: it describes processes, which a power loss ends
 * too, and a file torn by one reads as empty. Thread-safe; never calls out while locked.
 * <p>A change is saved by a writer thread of the file's own, so a launch never waits on the
 * disk, and changes that come while a save is under way go into the next one: 50 services
 * started at once are a few saves, not 50 (bench/footprint.sh). {@link #flush} waits for
 * what was changed so far; {@link #close} flushes and ends the writer.
 */
final class StateFile {
    private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /**
     * One running process.
     *
     * @param pid        its pid
     * @param startTicks its start time in /proc
     * @param bootId     the kernel's boot id when it ran, so a pid of an earlier boot never matches
     * @param startedAt  epoch milliseconds
     * @param command    the argv it was launched with
     * @param launch     digest of everything its launch was made of (see {@link Launcher})
     * @param ports      the ports it was given
     * @param restarts   restarts so far
     * @param lastExit   its service's last exit status, or null
     */
    record Entry(long pid, long startTicks, String bootId, long startedAt, List<String> command, String launch,
                 Map<String, Integer> ports, int restarts, Integer lastExit) {
    }

    private record Content(String installation, Map<String, Entry> services) {
    }

    private final Path file;
    private final String installation;
    private final Map<String, Entry> entries = new TreeMap<>();
    private volatile String failure;
    /** Whether a save is queued that has not taken its copy of the entries yet. Guarded by this. */
    private boolean queued;
    // One thread, only while there is something to save: saves stay in order, the last one wins.
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "vigil-state-writer");
                t.setDaemon(true);
                return t;
            });

    StateFile(Path file, String installation) {
        this.file = file;
        this.installation = installation;
    }

    /**
     * Reads what an earlier daemon left, and removes temp files a crash left. A missing,
     * torn or foreign file gives nothing to adopt.
     */
    synchronized Map<String, Entry> load() {
        removeTemps();
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Content c = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), new TypeToken<Content>() { }
                    .getType());
            if (c == null || c.services() == null || !installation.equals(c.installation())) {
                return Map.of();
            }
            entries.putAll(c.services());
            return Map.copyOf(entries);
        } catch (IOException | JsonParseException | IllegalStateException e) {
            LOG.warn("Ignoring {}: {}; nothing is adopted from it", file, e.getMessage());
            return Map.of();
        }
    }

    synchronized void put(String service, Entry entry) {
        entries.put(service, entry);
        saveSoon();
    }

    synchronized void remove(String service) {
        if (entries.remove(service) != null) {
            saveSoon();
        }
    }

    /** Returns once every change made before the call is on disk (or its save failed). */
    void flush() {
        try {
            writer.submit(() -> { }).get();
        } catch (RejectedExecutionException closed) {
            // closed: its last save is done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Saves what is left to save, then ends the writer; later changes are not saved. */
    void close() {
        flush();
        writer.shutdown();
    }

    /** Why the last save failed, or null when it worked; the file on disk is then the one before. */
    String failure() {
        return failure;
    }

    // Must hold the lock.
    private void saveSoon() {
        if (!queued && !writer.isShutdown()) {
            queued = true;
            writer.execute(this::save);
        }
    }

    private void save() {
        Content content;
        synchronized (this) {
            queued = false;
            content = new Content(installation, new TreeMap<>(entries));
        }
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, GSON.toJson(content), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (failure != null) {
                LOG.info("Saved {} again", file);
            }
            failure = null;
        } catch (IOException e) {
            failure = "cannot save " + file + ": " + e.getMessage() + "; a daemon restart would not find the"
                    + " services started since";
            LOG.error(failure);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temp file is removed at the next start
            }
        }
    }

    private void removeTemps() {
        if (!Files.isDirectory(file.getParent())) {
            return;
        }
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(file.getParent(), "." + file.getFileName() + ".tmp*")) {
            for (Path t : temps) {
                Files.deleteIfExists(t);
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove temp files next to {}: {}", file, e.getMessage());
        }
    }
}
