package dev.vigil.supervisor.internal;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A process of a service, launched by this daemon or adopted from an earlier one.
 *
 * @param pid        its pid
 * @param startTicks its start time in /proc, which with the pid names it uniquely
 * @param startedAt  when it started
 * @param exit       completed when it is gone, with its status when this daemon is its parent
 */
record Running(long pid, long startTicks, Instant startedAt, CompletableFuture<ExitWatch.Status> exit) {
    boolean alive() {
        return !exit.isDone();
    }

    ProcessHandle handle() {
        return ProcessHandle.of(pid).orElse(null);
    }
}
