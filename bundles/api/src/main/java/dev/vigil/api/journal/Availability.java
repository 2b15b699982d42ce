package dev.vigil.api.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How available one service was over a period, worked out from the state and health changes
 * in the journal. Time the service was stopped on purpose (by an operator, or never started)
 * is not counted as observed, so it is not downtime; time in BACKOFF or FATAL, or RUNNING with
 * health DOWN, is downtime.
 *
 * @param service   the service
 * @param since     the start of the period
 * @param until     the end of the period
 * @param observed  the part of the period in which the service was meant to run
 * @param downtime  the part of {@code observed} in which it was down
 * @param incidents how many times it went from up to down within the period (one that was
 *                  already down at the start counts as one)
 */
public record Availability(String service, Instant since, Instant until, Duration observed, Duration downtime,
                           int incidents) {
    public Availability {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(downtime, "downtime");
    }

    /** The length of the period. */
    public Duration period() {
        return Duration.between(since, until);
    }

    /**
     * Up time over observed time, 0-1; 1 when nothing was observed (a service never meant to
     * run was never down).
     */
    public double uptime() {
        long total = observed.toMillis();
        return total <= 0 ? 1.0 : 1.0 - (double) Math.min(downtime.toMillis(), total) / total;
    }
}
