package dev.vigil.api.check;

import dev.vigil.api.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one check run.
 *
 * @param status  UP, DEGRADED (a warning), DOWN or UNKNOWN (could not tell)
 * @param message one line for people
 * @param latency how long the check took
 * @param time    when it finished
 */
public record CheckResult(HealthStatus status, String message, Duration latency, Instant time) {
    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(time, "time");
    }
}
