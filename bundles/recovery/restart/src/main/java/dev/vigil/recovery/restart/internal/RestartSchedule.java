package dev.vigil.recovery.restart.internal;

import dev.vigil.api.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.DoubleSupplier;

/**
 * Decides when a crashed service is restarted, from its {@link RestartPolicy}: the first
 * crash after a stable run restarts at once; each further crash in a row waits twice as
 * long as the one before (from the minimum up to the maximum, with up to 20% jitter so
 * that services failing together do not restart in lock step); more than
 * {@code maxRestarts} restarts within {@code window} means give up. Not thread-safe: its
 * owner serialises calls.
 */
final class RestartSchedule {
    private final RestartPolicy policy;
    private final DoubleSupplier random;
    private final Deque<Instant> restarts = new ArrayDeque<>();
    private int consecutive;

    RestartSchedule(RestartPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /**
     * Called when the service failed.
     *
     * @param now      when it failed
     * @param upFor    how long it had been healthy before (zero if it never was)
     * @return the delay before the next start, or null to give up (FATAL)
     */
    Duration onCrash(Instant now, Duration upFor) {
        if (upFor.compareTo(policy.stableAfter()) >= 0) {
            consecutive = 0;
        }
        Instant windowStart = now.minus(policy.window());
        while (!restarts.isEmpty() && restarts.peekFirst().isBefore(windowStart)) {
            restarts.removeFirst();
        }
        if (restarts.size() >= policy.maxRestarts()) {
            return null;
        }
        restarts.addLast(now);
        Duration delay = delayFor(consecutive);
        consecutive++;
        return delay;
    }

    /** Forgets past crashes, as after an operator's start. */
    void reset() {
        restarts.clear();
        consecutive = 0;
    }

    RestartPolicy policy() {
        return policy;
    }

    /** Restarts counted in the current window. */
    int recentRestarts() {
        return restarts.size();
    }

    private Duration delayFor(int n) {
        if (n == 0) {
            return Duration.ZERO;
        }
        long min = policy.minBackoff().toMillis();
        long max = policy.maxBackoff().toMillis();
        long base = min << Math.min(n - 1, 30);
        if (base < 0 || base > max) {
            base = max;
        }
        long jitter = (long) (base * 0.2 * random.getAsDouble());
        return Duration.ofMillis(Math.min(max, base + jitter));
    }
}
