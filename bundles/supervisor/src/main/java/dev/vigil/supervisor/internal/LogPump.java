package dev.vigil.supervisor.internal;

import dev.vigil.api.LogPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every service's log, pumped by one thread: each service's FIFO is read when it has data
 * and written to that service's rotating log. Pipes live in {@code pipes}, logs in
 * {@code logs}, one of each per service name.
 */
final class LogPump implements AutoCloseable {
    private final Path pipes;
    private final Path logs;
    private final Map<String, LogSink> sinks = new ConcurrentHashMap<>();
    private final PollLoop loop = new PollLoop("vigil-logs", () -> -1, null);

    LogPump(Path pipes, Path logs) {
        this.pipes = pipes;
        this.logs = logs;
    }

    /** The service's sink, opened at its first use; a later call updates its policy. */
    synchronized LogSink sink(String service, LogPolicy policy) throws IOException {
        LogSink s = sinks.get(service);
        if (s == null) {
            s = new LogSink(pipes.resolve(service + ".out"), logs.resolve(service + ".log"), policy);
            sinks.put(service, s);
            LogSink opened = s;
            loop.add(s.fd(), opened::drain);
        } else {
            s.policy(policy);
        }
        return s;
    }

    /** Why logs cannot be written, one line per service whose last write failed. */
    List<String> failures() {
        return sinks.values().stream().map(LogSink::failure).filter(java.util.Objects::nonNull).sorted().toList();
    }

    /** Removes the pipes of services not in {@code keep}, left by services gone from the config. */
    void removePipesBut(java.util.Set<String> keep) {
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.list(pipes)) {
            for (Path p : all.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".out") && !keep.contains(name.substring(0, name.length() - 4))
                        && !sinks.containsKey(name.substring(0, name.length() - 4))) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // no pipes yet, or unreadable: nothing to tidy
        }
    }

    /** Closes a service's log for good: it left the config. */
    synchronized void remove(String service) {
        LogSink s = sinks.remove(service);
        if (s != null) {
            loop.remove(s.fd());
            s.close(true);
        }
    }

    @Override
    public synchronized void close() {
        loop.close();
        sinks.values().forEach(s -> s.close(false));
        sinks.clear();
    }
}
