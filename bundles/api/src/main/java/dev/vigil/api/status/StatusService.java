package dev.vigil.api.status;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one place the system's verdict is computed. Rules: FATAL, or a service that is meant
 * to run (RUNNING, STARTING, BACKOFF) and is DOWN, fails (exit 2); a STOPPED service, stopped
 * on purpose by an operator or {@code autostart: false} and never started, only warns (exit 1),
 * as do a service starting or backing off, DEGRADED or of unknown health, and any notice;
 * otherwise it passes (exit 0). The host's own health is reported but never decides.
 *
 * <p>Thread-safe. Reading has no side effects: no event is posted and nothing changes.
 */
@ProviderType
public interface StatusService {
    /**
     * Computes the status now, from the supervisor, the health monitor, the journal, the
     * recovery coordinator, the port allocator and the notices; each but the supervisor is optional.
     *
     * @throws IllegalStateException when the supervisor is not running (the message says so)
     */
    SystemStatus status();

    /**
     * The status as the JSON that {@code vigil status --json} prints and {@code GET /status}
     * serves: the verdict, notices, host, and per service its process, health with every
     * check and its last result, ports and recovery score.
     */
    String json(SystemStatus status);

    /**
     * Tests every port assignment now: whether it answers over loopback and who holds it. It
     * opens a connection per port (at most a few hundred milliseconds each) and reads the
     * socket and process tables, so it is computed on demand, not with {@link #status()}.
     *
     * @throws IllegalStateException when the supervisor or the port allocator is not running
     */
    PortsStatus ports();

    /** The ports as the JSON that {@code vigil ports --json} prints. */
    String json(PortsStatus ports);
}
