package dev.vigil.api.check;

import dev.vigil.api.HealthStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The health of one service.
 *
 * @param service   the service, or {@code system} for the daemon's own entry
 * @param status    the worst of its critical checks (non-critical ones at most DEGRADED); DOWN
 *                  when its process is not running or a dependency is DOWN
 * @param cause     one line saying why, empty when UP
 * @param blockedBy the dependency that is DOWN, when that is the cause; else null
 * @param since     when it entered this status
 * @param checks    each check's state
 */
public record ServiceHealth(String service, HealthStatus status, String cause, String blockedBy, Instant since,
                            List<CheckHealth> checks) {
    public ServiceHealth {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(since, "since");
        checks = List.copyOf(checks);
    }
}
