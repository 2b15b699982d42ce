package dev.vigil.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A program a test starts beside the daemon (Prometheus, Alertmanager, Chromium), its output
 * in a log file. {@link #close()} stops it and every process it started, so a test that
 * fails half-way leaves nothing running.
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code argv} with stdout and stderr in {@code log}, input from /dev/null. */
    static ChildProcess start(Path log, List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return new ChildProcess(Path.of(argv.get(0)).getFileName().toString(), p, log);
    }

    /** Waits until {@code ready} holds; fails at once, with the log, if the program exits first. */
    void awaitReady(Duration timeout, String what, BooleanSupplier ready) throws InterruptedException {
        Dist.await(timeout, what, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before " + what + ":\n" + log());
            }
            return ready.getAsBoolean();
        });
    }

    /** Waits for the program to end by itself and returns its exit code; fails, with the log, past the timeout. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not finish within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** What the program printed so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGTERM to the program and its descendants, SIGKILL to whatever still runs 10 s later. */
    @Override
    public void close() throws InterruptedException {
        // Taken before the signal: a child whose parent died is re-parented and no longer listed.
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
