package dev.vigil.api.check;

import dev.vigil.api.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one check run.
 *
 * @param status  UP, DEGRADED (a warning), DOWN or UNKNOWN (could not tell)
 * @param message one line for people
 * @param latency how long the check took
 * @param time    when it finished
 * @param metrics figures the check measured, by name (an exec check's performance data,
 *                a process check's memory...), for metrics and history; may be empty
 */
public record CheckResult(HealthStatus status, String message, Duration latency, Instant time,
                          Map<String, Double> metrics) {
    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(time, "time");
        metrics = Map.copyOf(metrics);
    }

    /** A result without metrics. */
    public CheckResult(HealthStatus status, String message, Duration latency, Instant time) {
        this(status, message, latency, time, Map.of());
    }
}
