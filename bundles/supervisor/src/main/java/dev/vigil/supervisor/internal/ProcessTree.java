package dev.vigil.supervisor.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started. {@link Process#destroy()} reaches only the
 * direct child, so descendants are collected first and signalled too.
 */
final class ProcessTree {
    private static final long POLL_MS = 20;
    private static Map<Long, List<ProcessHandle>> childrenByParent = Map.of();
    private static long snapshotAt;

    private ProcessTree() {
    }

    /**
     * Sends SIGTERM to the process and its descendants (and SIGCONT to those stopped, so that
     * the SIGTERM is delivered now), waits up to {@code grace} for all of them to exit, then
     * SIGKILLs whatever is left.
     *
     * @return true if everything exited on SIGTERM, false if SIGKILL was needed
     */
    static boolean terminate(ProcessHandle root, Duration grace) {
        return terminate(List.of(root), grace, null);
    }

    /**
     * As {@link #terminate(ProcessHandle, Duration)}, for several roots at once.
     *
     * @param firstExit completed when the first root has exited (and was reaped), or null
     *                  to poll for it
     */
    static boolean terminate(List<ProcessHandle> roots, Duration grace, CompletableFuture<?> firstExit) {
        if (roots.isEmpty()) {
            return true;
        }
        List<ProcessHandle> all = new ArrayList<>(roots);
        roots.forEach(r -> all.addAll(descendants(r, false)));
        all.forEach(ProcessHandle::destroy);
        all.forEach(Signals::continueIfStopped);
        if (awaitGone(firstExit, all, grace.toMillis())) {
            return true;
        }
        // Children started after the first look are caught by a second, fresh one.
        roots.forEach(r -> all.addAll(descendants(r, true)));
        all.stream().filter(ProcessTree::running).forEach(ProcessHandle::destroyForcibly);
        awaitGone(firstExit, all, 5_000);
        return false;
    }

    /**
     * The descendants of a process, from a scan of the process table made after this call
     * began, shared by every caller waiting meanwhile: stopping a thousand services at once
     * scans /proc a few times, not a thousand times, and never misses a process.
     */
    static List<ProcessHandle> descendants(ProcessHandle root, boolean fresh) {
        long asked = System.nanoTime();
        Map<Long, List<ProcessHandle>> children;
        synchronized (ProcessTree.class) {
            if (fresh || snapshotAt - asked < 0) {
                long scanStart = System.nanoTime();
                Map<Long, List<ProcessHandle>> map = new HashMap<>();
                ProcessHandle.allProcesses().forEach(p -> p.parent().ifPresent(parent ->
                        map.computeIfAbsent(parent.pid(), k -> new ArrayList<>()).add(p)));
                childrenByParent = map;
                snapshotAt = scanStart;
            }
            children = childrenByParent;
        }
        List<ProcessHandle> out = new ArrayList<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(root.pid()));
        while (!todo.isEmpty()) {
            for (ProcessHandle c : children.getOrDefault(todo.pop(), List.of())) {
                out.add(c);
                todo.push(c.pid());
            }
        }
        return out;
    }

    /**
     * Whether every process exited within the time. A watched root is waited for, not
     * polled; the others (a stale copy left by another daemon, descendants) are reaped by
     * their parent or init, which may take its time, so they are polled and a zombie counts
     * as gone.
     */
    private static boolean awaitGone(CompletableFuture<?> firstExit, List<ProcessHandle> processes, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        try {
            if (firstExit != null) {
                firstExit.get(millis, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // onExit never fails; fall through to the poll.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        return p.isAlive() && Signals.state(p.pid()) != 'Z';
    }
}
