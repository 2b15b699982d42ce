package dev.vigil.api.check;

import dev.vigil.api.HealthStatus;
import java.util.List;
import java.util.Objects;

/**
 * The state of one check of one service.
 *
 * @param name                 the check's name within its service
 * @param type                 its type
 * @param status               UP, DEGRADED, DOWN (failureThreshold failures in a row), or UNKNOWN
 *                             (no result yet, in its start period, or its type is not installed)
 * @param critical             whether its DOWN makes the service DOWN
 * @param consecutiveFailures  failures in a row, up to now
 * @param consecutivePasses    passes in a row, up to now
 * @param recent               the last results, oldest first
 */
public record CheckHealth(String name, String type, HealthStatus status, boolean critical,
                          int consecutiveFailures, int consecutivePasses, List<CheckResult> recent) {
    public CheckHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        recent = List.copyOf(recent);
    }
}
