package dev.vigil.journal.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's files: {@code journal.jsonl} (generation 0) and its rotations
 * {@code journal.jsonl.1} to {@code .N} (the oldest), all owner-only. Lines are appended and
 * forced to disk; nothing is rewritten. Not thread-safe: the journal serialises the calls.
 */
final class JournalFile {
    /** The most rotations ever looked for, whatever the settings say now (they may have been higher). */
    static final int MAX_ROTATIONS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private long maxBytes;
    private FileChannel channel;
    private long size;
    /** The file does not end with a line break (a write was cut): the next line starts a new one. */
    private boolean torn;

    JournalFile(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** A new size limit, for the next append. */
    void maxBytes(long bytes) {
        this.maxBytes = bytes;
    }

    Path path(int generation) {
        return generation == 0 ? file : file.resolveSibling(file.getFileName() + "." + generation);
    }

    /** The oldest generation on disk (0 when there are no rotations); one may be missing below it. */
    int oldest() {
        for (int g = MAX_ROTATIONS + 1; g > 0; g--) {
            if (Files.exists(path(g))) {
                return g;
            }
        }
        return 0;
    }

    /**
     * Hands on the entries of one file ({@link JournalLine#parse}), oldest first, and returns how
     * many there were. A line that is not an entry is skipped (with a WARN when {@code warn}); a
     * file that cannot be read counts nothing.
     */
    int read(int generation, Consumer<Object> sink, boolean warn) {
        Path p = path(generation);
        int count = 0;
        // Malformed UTF-8 (a write cut inside a character) is replaced, then fails as JSON.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(p), UTF_8))) {
            boolean complete = endsWithLineBreak(p);
            String line = in.readLine();
            for (int n = 1; line != null; n++) {
                String next = in.readLine();
                try {
                    Object entry = JournalLine.parse(line);
                    if (entry != null) {
                        sink.accept(entry);
                        count++;
                    }
                } catch (RuntimeException e) {
                    if (!warn) {
                        // already said when the journal was opened
                    } else if (next == null && !complete) {
                        LOG.warn("Journal {} line {}: skipped a torn last line (the daemon stopped while writing it)", p, n);
                    } else {
                        LOG.warn("Journal {} line {}: skipped, not a journal entry ({})", p, n, firstLine(e));
                    }
                }
                line = next;
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            LOG.error("Could not read the journal {}: {}; its entries are not counted", p, e.toString());
        }
        return count;
    }

    /** Whether appending {@code line} would take the current file past the limit; a file always takes one line. */
    boolean full(String line) throws IOException {
        channel();
        return size > 0 && size + line.getBytes(UTF_8).length + 1 > maxBytes;
    }

    /**
     * Renames journal.jsonl to .1 (and .1 to .2, and so on), keeping {@code rotations} rotated
     * files: the older ones are deleted.
     *
     * @return the generations deleted, as they were numbered before the rotation (from
     *         {@code rotations} up)
     */
    int rotate(int rotations) throws IOException {
        close();
        int oldest = oldest();
        int deleted = 0;
        for (int g = oldest; g >= rotations; g--) {
            Files.deleteIfExists(path(g));
            deleted++;
        }
        for (int g = Math.min(oldest, rotations - 1); g >= 0; g--) {
            if (Files.exists(path(g))) {
                Files.move(path(g), path(g + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        syncFolder();
        return deleted;
    }

    /**
     * Deletes the rotated files last written before {@code cutoff} (the oldest ones: a file is
     * never written after it is rotated).
     *
     * @return the lowest generation deleted, or -1 when none was
     */
    int deleteOlderThan(Instant cutoff) {
        int lowest = -1;
        for (int g = oldest(); g >= 1; g--) {
            if (!Files.exists(path(g))) {
                continue;
            }
            try {
                if (Files.getLastModifiedTime(path(g)).toInstant().isBefore(cutoff)) {
                    Files.delete(path(g));
                    lowest = g;
                } else {
                    break;
                }
            } catch (IOException e) {
                LOG.warn("Could not delete the expired journal {}: {}", path(g), e.toString());
                break;
            }
        }
        return lowest;
    }

    /** Appends {@code line} and a line break; {@link #force} puts them on disk. */
    void append(String line) throws IOException {
        FileChannel ch = channel();
        try {
            if (torn) {
                write(ch, "\n");
            }
            write(ch, line + "\n");
            torn = false;
        } catch (IOException e) {
            close(); // reopened, and its end looked at again, on the next append
            throw e;
        }
    }

    /** Forces what was appended to disk. */
    void force() throws IOException {
        if (channel != null) {
            try {
                channel.force(true);
            } catch (IOException e) {
                close();
                throw e;
            }
        }
    }
    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Could not close the journal {}: {}", file, e.toString());
            }
            channel = null;
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(file, OWNER_ONLY); // one made before, by hand or by an older Vigil
            size = channel.size();
            torn = !endsWithLineBreak(file);
        }
        return channel;
    }

    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a folder; the renames are still atomic.
        }
    }

    private void write(FileChannel ch, String text) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(UTF_8));
        while (buf.hasRemaining()) {
            size += ch.write(buf);
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }

    private static boolean endsWithLineBreak(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) == '\n';
        }
    }
}
