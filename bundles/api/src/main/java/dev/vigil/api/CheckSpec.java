package dev.vigil.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One health check as configured for a service. The settings every check has are fields;
 * what only its type understands is in {@code parameters}. Immutable.
 *
 * @param type             selects the {@link dev.vigil.api.check.CheckType} that runs it
 * @param name             unique within the service, {@code type} or {@code type#N} unless given
 * @param interval         time between two runs while the check passes
 * @param retryInterval    time to the next run after a failed one (Nagios's retry_interval), so
 *                         that a failure is confirmed quickly without checking healthy services
 *                         more often; equal to {@code interval} unless given
 * @param timeout          a run taking longer fails
 * @param failureThreshold consecutive failures before the check counts as DOWN
 * @param successThreshold consecutive passes before a DOWN check counts as UP again
 * @param startPeriod      grace after a start during which failures do not count
 * @param critical         whether its failure makes the service DOWN (else DEGRADED)
 * @param parameters       the type's own parameters: String, Boolean, java.math.BigDecimal,
 *                         List and Map values, placeholders other than {@code ${port.NAME}} expanded
 */
public record CheckSpec(String type, String name, Duration interval, Duration retryInterval, Duration timeout, int failureThreshold,
                        int successThreshold, Duration startPeriod, boolean critical,
                        Map<String, Object> parameters) {
    /** Defaults for the common settings, when neither the check nor {@code defaults.check} gives one. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final int DEFAULT_SUCCESS_THRESHOLD = 1;
    public static final Duration DEFAULT_START_PERIOD = Duration.ZERO;

    public CheckSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(retryInterval, "retryInterval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(startPeriod, "startPeriod");
        if (failureThreshold < 1 || successThreshold < 1) {
            throw new IllegalArgumentException("thresholds must be 1 or more");
        }
        parameters = Map.copyOf(parameters);
    }

    /** A check of {@code type} with every common setting at its default. */
    public static CheckSpec of(String type, Map<String, Object> parameters) {
        return new CheckSpec(type, type, DEFAULT_INTERVAL, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_FAILURE_THRESHOLD,
                DEFAULT_SUCCESS_THRESHOLD, DEFAULT_START_PERIOD, true, parameters);
    }
}
