package dev.vigil.api.recovery;

import dev.vigil.api.ServiceStatus;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What recovery may do to a service's process. Provided by the supervisor, beside
 * {@link dev.vigil.api.Supervisor}; thread-safe. Unlike an operator's start, nothing here
 * forgets a service's failures: the restart count grows, and a strategy's backoff stays.
 */
@ProviderType
public interface ServiceControl {

    /**
     * Shows the service in BACKOFF with {@code reason} for {@code delay}, then stops whatever
     * is left of its process tree (SIGTERM, SIGCONT to stopped processes, SIGKILL after its
     * stop timeout) and launches it again, counting a restart. Blocks until the new process
     * was launched or its launch failed (a port conflict is posted as an exit, as always).
     * Abandoned, with the service left as it is, when an operator starts or stops it meanwhile
     * or it leaves the config.
     *
     * @return its status after the launch
     * @throws IllegalArgumentException if no service has that name
     */
    ServiceStatus relaunch(String service, Duration delay, String reason);

    /**
     * Puts the service into FATAL with {@code reason}, stopping what is left of its process
     * tree first. It stays FATAL until an operator starts it.
     *
     * @throws IllegalArgumentException if no service has that name
     */
    ServiceStatus giveUp(String service, String reason);

    /**
     * Stops a process holding a port that Vigil started for {@code service}, such as a stale
     * copy a crashed daemon left behind: only when its environment carries this
     * installation's marker for that service ({@link #MARKER_SERVICE}, {@link #MARKER_INSTALLATION})
     * and it runs as the daemon's user. SIGTERM to it and its descendants, SIGKILL after the
     * service's stop timeout.
     *
     * @return null when it was stopped; otherwise why it was left alone, naming pid, user
     *         and command
     */
    String evict(String service, long pid);

    /** Environment variable naming the service in every process Vigil starts. */
    String MARKER_SERVICE = "VIGIL_SERVICE";
    /** Environment variable naming the installation (a digest of its home) in every process Vigil starts. */
    String MARKER_INSTALLATION = "VIGIL_INSTALLATION";
}
