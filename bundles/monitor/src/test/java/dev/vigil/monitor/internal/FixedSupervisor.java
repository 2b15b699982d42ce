package dev.vigil.monitor.internal;

import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A supervisor whose services are in whatever state the test sets: our own SPI, so the
 * monitor can be run without launching processes. Running services have this JVM's pid unless given one.
 */
final class FixedSupervisor implements Supervisor {
    private final Map<String, ServiceStatus> services = new ConcurrentHashMap<>();

    void running(String name) {
        running(name, ProcessHandle.current().pid(), Map.of());
    }

    /** Running as process {@code pid}, with these ports assigned. */
    void running(String name, long pid, Map<String, Integer> ports) {
        services.put(name, new ServiceStatus(name, ServiceState.RUNNING, pid, Instant.now().minusSeconds(60), 0, null,
                "started", "test", ports));
    }

    void notRunning(String name, ServiceState state, String message) {
        services.put(name, new ServiceStatus(name, state, -1, null, 1, 1, message, "test", Map.of()));
    }

    @Override
    public List<ServiceStatus> services() {
        return List.copyOf(services.values());
    }

    @Override
    public Optional<ServiceStatus> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    @Override
    public ServiceStatus start(String name) {
        throw new UnsupportedOperationException("the monitor never starts services");
    }

    @Override
    public ServiceStatus stop(String name) {
        throw new UnsupportedOperationException("the monitor never stops services");
    }

    @Override
    public ServiceStatus restart(String name) {
        throw new UnsupportedOperationException("the monitor never restarts services");
    }

    @Override
    public void shutdown() {
        throw new UnsupportedOperationException("the monitor never shuts the supervisor down");
    }
}
