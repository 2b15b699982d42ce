package dev.vigil.supervisor.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Stops a process and everything it started. {@link Process#destroy()} reaches only the
 * direct child, so descendants are collected first and signalled too.
 */
final class ProcessTree {
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
        all.addAll(root.descendants().collect(Collectors.toList()));
        all.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = all.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            // Children started after the first snapshot are caught by a second look.
            root.descendants().forEach(all::add);
            all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            CompletableFuture.allOf(all.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(ProcessHandle::destroyForcibly);
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }
}
