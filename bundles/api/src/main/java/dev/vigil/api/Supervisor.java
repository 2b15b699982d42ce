package dev.vigil.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs the services of the current configuration as child processes: it launches, stops
 * (the whole process tree) and reports, and never decides to restart anything; recovery
 * does, through {@link dev.vigil.api.recovery.ServiceControl}. Every state change is posted
 * on {@link Topics#SERVICE_STATE}, every end of a process (or failed launch) on
 * {@link Topics#SERVICE_EXITED}. Provided by the supervisor bundle; every method is thread-safe.
 *
 * <p>The methods here are an operator's: each is posted with {@link Topics#OPERATOR} set, so
 * that recovery forgets the service's earlier failures and never fights the operator.
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
     * Starts a stopped, backing-off or fatal service now, as an operator does: a FATAL service
     * leaves FATAL, a pending recovery restart is cancelled, and recovery forgets the earlier
     * failures (its backoff starts over). Does nothing to a service whose process is up.
     * Returns once the process was launched, or the launch failed (state BACKOFF, with why).
     *
     * @throws IllegalArgumentException if no service has that name
     */
    ServiceStatus start(String name);

    /**
     * Stops a service: SIGTERM to it and its descendants (with SIGCONT to any that are
     * stopped, so the SIGTERM is delivered now), SIGKILL after its stop timeout. Blocks until
     * the process is gone. It stays stopped until started again; recovery leaves it alone.
     *
     * @throws IllegalArgumentException if no service has that name
     */
    ServiceStatus stop(String name);

    /**
     * Stops then starts a service, as {@link #stop} then {@link #start}.
     *
     * @throws IllegalArgumentException if no service has that name
     */
    ServiceStatus restart(String name);

    /**
     * What an operator must know about the supervisor itself, one line each: a state file or
     * a log that cannot be written (the disk is full, a directory is read-only), with the
     * consequence. Empty when all is well.
     */
    default List<String> notices() {
        return List.of();
    }

    /**
     * Stops every service for the daemon's shutdown, dependents before what they depend on,
     * and blocks until all of them (and their descendants) are gone: at most the longest
     * chain of stop timeouts, plus the time to kill. From then on nothing is launched again:
     * operator starts, relaunches and new configs are refused. Exits it causes are expected.
     * Idempotent; the supervisor's deactivation alone leaves services running for the next
     * supervisor to adopt.
     */
    void shutdown();
}
