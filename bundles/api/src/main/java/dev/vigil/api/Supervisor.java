package dev.vigil.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs the services of the current configuration as child processes. Provided by the
 * supervisor bundle; every method is thread-safe.
 */
@ProviderType
public interface Supervisor {

    /** Service property set to {@code true} once the initial start of every service was launched. */
    String READY_PROPERTY = "vigil.ready";

    /** A snapshot of every known service, in start order. */
    List<ServiceStatus> services();

    /** A snapshot of one service, or empty if no service has that name. */
    Optional<ServiceStatus> service(String name);

    /**
     * Starts a stopped, backing-off or fatal service now, resetting its restart count.
     *
     * @throws IllegalArgumentException if no service has that name
     */
    ServiceStatus start(String name);

    /**
     * Stops a service: SIGTERM to it and its descendants, SIGKILL after its stop timeout.
     * Blocks until the process is gone. It stays stopped until started again.
     *
     * @throws IllegalArgumentException if no service has that name
     */
    ServiceStatus stop(String name);

    /**
     * Stops then starts a service.
     *
     * @throws IllegalArgumentException if no service has that name
     */
    ServiceStatus restart(String name);
}
