package dev.vigil.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the restart strategy restarts a failed service: the first restart after a stable run
 * is immediate, the following ones wait from {@code minBackoff} doubling up to
 * {@code maxBackoff}, with jitter; more than {@code maxRestarts} restarts within
 * {@code window} make the service FATAL. A service that stayed healthy for
 * {@code stableAfter} has its backoff reset. {@code minBackoff} is at least
 * {@link #MIN_BACKOFF}, so that no config makes a crash loop cost more than a few restarts
 * per second.
 */
public record RestartPolicy(Duration minBackoff, Duration maxBackoff, int maxRestarts,
                            Duration window, Duration stableAfter) {
    /** The smallest {@code minBackoff} allowed; declared first, as DEFAULT is checked against it. */
    public static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    public static final RestartPolicy DEFAULT = new RestartPolicy(
            Duration.ofSeconds(1), Duration.ofSeconds(60), 5, Duration.ofMinutes(10), Duration.ofSeconds(10));

    public RestartPolicy {
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(stableAfter, "stableAfter");
        if (minBackoff.compareTo(MIN_BACKOFF) < 0) {
            throw new IllegalArgumentException("minBackoff " + minBackoff + " is below " + MIN_BACKOFF);
        }
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below minBackoff " + minBackoff);
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be 0 or more, was " + maxRestarts);
        }
    }
}
