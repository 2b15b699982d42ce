package dev.vigil.supervisor.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import dev.vigil.api.LogPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's output: read from its FIFO, written to {@code NAME.log}, rotated by size
 * to {@code NAME.log.1 ... NAME.log.N}. The FIFO outlives the daemon: a service writing
 * while no daemon runs fills the pipe and then waits, and the next daemon reads on. A
 * service that writes faster than the disk is slowed down by the full pipe, never the
 * daemon, and never grows its log past the cap. Thread-safe.
 */
final class LogSink {
    private static final Logger LOG = LoggerFactory.getLogger(LogSink.class);
    private static final int PIPE_BYTES = 1 << 20;
    private static final int RECENT_BYTES = 8192;

    private final Path fifo;
    private final Path file;
    private final int fd;
    private volatile LogPolicy policy;
    private FileChannel out;
    private long size;
    /** Grown as output comes, up to {@link #RECENT_BYTES}: a quiet service costs nothing here. */
    private byte[] recent = new byte[0];
    private int recentLength;
    private boolean closed;
    private volatile String failure;

    /** Opens (making if needed) the FIFO and appends to the current log file. */
    LogSink(Path fifo, Path file, LogPolicy policy) throws IOException {
        this.fifo = fifo;
        this.file = file;
        this.policy = policy;
        Files.createDirectories(fifo.getParent(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        if (!Files.exists(fifo) && LibC.C.mkfifo(fifo.toString(), 0600) != 0) {
            throw new IOException("cannot make the log pipe " + fifo + ": " + LibC.C.strerror(Native.getLastError()));
        }
        // Read-write: the daemon then never sees an end of file between two writers.
        fd = LibC.C.open(fifo.toString(), LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("cannot open the log pipe " + fifo + ": " + LibC.C.strerror(Native.getLastError()));
        }
        LibC.C.fcntl(fd, LibC.F_SETPIPE_SZ, PIPE_BYTES); // a larger buffer where the system allows it
        openCurrent(false);
    }

    Path fifo() {
        return fifo;
    }

    int fd() {
        return fd;
    }

    /** Why the last write failed, or null when it worked. */
    String failure() {
        return failure;
    }

    void policy(LogPolicy next) {
        policy = next;
    }

    /** Forgets the recent output: what follows belongs to a new launch. */
    synchronized void mark() {
        recentLength = 0;
    }

    /** Up to the last 8 KiB written since {@link #mark}, read from the pipe first. */
    synchronized String recent() {
        drain();
        return new String(recent, 0, recentLength, StandardCharsets.UTF_8);
    }

    /** Copies everything now in the pipe to the log; returns without waiting when it is empty. */
    synchronized void drain() {
        if (closed) {
            return;
        }
        Memory buffer = Buffers.get();
        while (true) {
            long n = LibC.C.read(fd, buffer, new NativeLong(buffer.size())).longValue();
            if (n <= 0) {
                return; // EAGAIN: empty for now
            }
            write(buffer.getByteBuffer(0, n));
        }
    }

    private void write(ByteBuffer bytes) {
        remember(bytes.duplicate());
        try {
            if (!out.isOpen()) {
                openCurrent(false); // a rotation that failed (disk full) left none open
            }
            while (bytes.hasRemaining()) {
                long room = policy.maxBytes() - size;
                if (room <= 0) {
                    rotate();
                    continue;
                }
                int length = (int) Math.min(room, bytes.remaining());
                ByteBuffer part = bytes.slice(bytes.position(), length);
                while (part.hasRemaining()) {
                    size += out.write(part);
                }
                bytes.position(bytes.position() + length);
            }
            if (failure != null) {
                LOG.info("Writing the log {} again", file);
                failure = null;
            }
        } catch (IOException e) {
            if (failure == null) {
                LOG.warn("Cannot write the log {}: {}; output is dropped until it can", file, e.getMessage());
            }
            failure = "cannot write the log " + file + ": " + e.getMessage() + "; its output is dropped until it can";
        }
    }

    private void remember(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (recent.length < RECENT_BYTES && recentLength + n > recent.length) {
            int grown = Math.max(256, Math.max(recentLength + n, 2 * recent.length));
            recent = Arrays.copyOf(recent, Math.min(RECENT_BYTES, grown));
        }
        if (n >= RECENT_BYTES) {
            bytes.position(bytes.limit() - RECENT_BYTES);
            bytes.get(recent, 0, RECENT_BYTES);
            recentLength = RECENT_BYTES;
            return;
        }
        int keep = Math.min(recentLength, RECENT_BYTES - n);
        System.arraycopy(recent, recentLength - keep, recent, 0, keep);
        bytes.get(recent, keep, n);
        recentLength = keep + n;
    }

    private void rotate() throws IOException {
        out.close();
        int files = policy.files();
        Path name = file.getFileName();
        if (files == 0) {
            openCurrent(true);
            return;
        }
        // Each rename replaces the older file at once: every rotated name exists at every moment.
        for (int k = files - 1; k >= 1; k--) {
            Path from = file.resolveSibling(name + "." + k);
            if (Files.exists(from)) {
                Files.move(from, file.resolveSibling(name + "." + (k + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, file.resolveSibling(name + ".1"), StandardCopyOption.REPLACE_EXISTING);
        openCurrent(true);
    }

    private void openCurrent(boolean fresh) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        out = fresh ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                : FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = out.size();
    }

    /** Drains what is left and closes; with {@code delete}, the FIFO goes too (the service left the config). */
    synchronized void close(boolean delete) {
        drain();
        closed = true;
        LibC.C.close(fd);
        try {
            out.close();
            if (delete) {
                Files.deleteIfExists(fifo);
            }
        } catch (IOException e) {
            LOG.warn("Cannot close the log {}: {}", file, e.getMessage());
        }
    }

    /** A read buffer per thread, so that pumping allocates nothing. */
    private static final class Buffers {
        private static final ThreadLocal<Memory> BUFFER = ThreadLocal.withInitial(() -> new Memory(64 * 1024));

        static Memory get() {
            return BUFFER.get();
        }
    }
}
