package dev.vigil.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one supervised service, safe to hand to any thread.
 *
 * @param name      service name
 * @param state     lifecycle state
 * @param pid       process id while a process exists, otherwise -1
 * @param startedAt when the current process started, or null
 * @param restarts  restarts since the daemon started
 * @param lastExit  exit code of the last process, or null if none exited yet
 * @param message   what happened last, for people (exec error, exit reason...), may be empty
 * @param origin    where the service was defined
 * @param ports     the ports assigned at its last start, by name (empty before the first)
 */
public record ServiceStatus(String name, ServiceState state, long pid, Instant startedAt,
                            int restarts, Integer lastExit, String message, String origin,
                            Map<String, Integer> ports) {
    public ServiceStatus {
        ports = Map.copyOf(ports);
    }

    public Optional<Instant> started() {
        return Optional.ofNullable(startedAt);
    }
}
