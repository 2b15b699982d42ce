package dev.vigil.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who runs the daemon of an installation. The daemon holds a POSIX lock on
 * {@code data/vigil.lock} for its whole life and the kernel drops it when the process dies,
 * so the lock's holder (read from {@code /proc/locks}) is the truth; a pid file or socket
 * without a holder is a leftover, whatever process its pid now names.
 */
final class DaemonLock {
    private DaemonLock() {
    }

    /** The pid of the process holding the lock on this file, or empty when none does. */
    static Optional<Long> holder(Path lockFile) {
        long inode;
        long dev;
        try {
            inode = ((Number) Files.getAttribute(lockFile, "unix:ino")).longValue();
            dev = ((Number) Files.getAttribute(lockFile, "unix:dev")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        long major = (dev >>> 8) & 0xfff | (dev >>> 32) & ~0xfffL;
        long minor = dev & 0xff | (dev >>> 12) & ~0xffL;
        String id = String.format("%02x:%02x:%d", major, minor, inode);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                String[] f = line.trim().split("\\s+");
                // "1: POSIX  ADVISORY  WRITE 4242 08:01:1234 0 EOF"; "1: -> ..." lines are waiters.
                if (f.length >= 6 && !f[1].equals("->") && f[5].equals(id)) {
                    return Optional.of(Long.parseLong(f[4]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Removes the pid file and the shell socket when no daemon holds the lock.
     *
     * @return what was removed and why, one sentence each; empty when nothing was stale
     */
    static List<String> removeStale(Layout layout) {
        List<String> removed = new ArrayList<>();
        if (!Files.exists(layout.lockFile()) || holder(layout.lockFile()).isPresent()) {
            return removed;
        }
        try {
            if (Files.exists(layout.pidFile())) {
                String pid = Files.readString(layout.pidFile()).trim();
                String now = ProcessHandle.of(parse(pid)).filter(ProcessHandle::isAlive)
                        .map(p -> "now another process, not a Vigil").orElse("no longer running");
                Files.deleteIfExists(layout.pidFile());
                removed.add("removed the stale pid file " + layout.pidFile() + " (pid " + pid + ", " + now + ")");
            }
            if (Files.deleteIfExists(layout.socket())) {
                removed.add("removed the stale shell socket " + layout.socket());
            }
        } catch (IOException e) {
            removed.add("could not remove a stale file: " + e.getMessage() + "; remove it by hand");
        }
        return removed;
    }

    private static long parse(String pid) {
        try {
            return Long.parseLong(pid);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
