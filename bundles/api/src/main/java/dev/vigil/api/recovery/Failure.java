package dev.vigil.api.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A failure handed to recovery.
 *
 * @param service    the failed service ({@code system} for the config itself)
 * @param kind       what kind of failure
 * @param cause      one line saying what was seen
 * @param time       when it was seen
 * @param healthyFor how long the service had been healthy before it failed (zero when it
 *                   never was); a restart backoff resets after a long enough stable run
 * @param port       for {@link FailureKind#PORT_CONFLICT}, the name of the taken port; else null
 */
public record Failure(String service, FailureKind kind, String cause, Instant time, Duration healthyFor,
                      String port) {
    public Failure {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(healthyFor, "healthyFor");
    }
}
