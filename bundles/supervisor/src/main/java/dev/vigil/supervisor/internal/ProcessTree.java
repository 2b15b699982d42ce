package dev.vigil.supervisor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops a process and everything it started. {@link Process#destroy()} reaches only the
 * direct child, so descendants are collected first and signalled too.
 */
final class ProcessTree {
    private static final long POLL_MS = 10;

    private ProcessTree() {
    }

    /**
     * Sends SIGTERM to the process and its descendants, waits up to {@code grace} for all of
     * them to exit, then SIGKILLs whatever is left.
     *
     * @return true if everything exited on SIGTERM, false if SIGKILL was needed
     */
    static boolean terminate(ProcessHandle root, Duration grace) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroy);
        if (awaitGone(all, grace.toMillis())) {
            return true;
        }
        // Children started after the first snapshot are caught by a second look.
        root.descendants().forEach(all::add);
        all.stream().filter(ProcessTree::running).forEach(ProcessHandle::destroyForcibly);
        awaitGone(all, 5_000);
        return false;
    }

    /** Whether every process exited within the time; interrupted counts as not. */
    private static boolean awaitGone(List<ProcessHandle> processes, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (processes.stream().anyMatch(ProcessTree::running)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Alive and not a zombie. An orphaned grandchild that exited stays a zombie until init
     * reaps it, which some inits do only every second or so; it runs no code any more.
     */
    static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return p.isAlive();
        }
    }
}
