package dev.vigil.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How a crashed service is restarted: the first restart after a stable run is immediate,
 * the following ones wait from {@code minBackoff} doubling up to {@code maxBackoff}; more
 * than {@code maxRestarts} restarts within {@code window} make the service FATAL. A
 * service that stayed up for {@code stableAfter} has its backoff reset.
 */
public record RestartPolicy(Duration minBackoff, Duration maxBackoff, int maxRestarts,
                            Duration window, Duration stableAfter) {
    public static final RestartPolicy DEFAULT = new RestartPolicy(
            Duration.ofSeconds(1), Duration.ofSeconds(60), 5, Duration.ofMinutes(10), Duration.ofSeconds(10));

    public RestartPolicy {
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(stableAfter, "stableAfter");
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below minBackoff " + minBackoff);
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be 0 or more, was " + maxRestarts);
        }
    }
}
