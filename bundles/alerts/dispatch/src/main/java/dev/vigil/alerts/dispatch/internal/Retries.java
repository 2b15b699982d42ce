package dev.vigil.alerts.dispatch.internal;

import java.time.Duration;

/**
 * How a sink that failed is tried again: {@code attempts} in all, the n-th retry after
 * {@code first * 2^(n-1)}, at most {@code max}. Bounded, so that an alert nobody can take is
 * dropped (and said so) instead of holding the sink's queue for ever.
 */
record Retries(int attempts, Duration first, Duration max) {
    /** 6 attempts over about a minute: 1, 2, 4, 8, 16 seconds apart, then give up. */
    static final Retries DEFAULT = new Retries(6, Duration.ofSeconds(1), Duration.ofSeconds(30));

    Retries {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt, found " + attempts);
        }
    }

    /** The wait after failed attempt {@code n} (1 for the first). */
    Duration after(int n) {
        long factor = 1L << Math.min(n - 1, 30);
        Duration d = first.multipliedBy(factor);
        return d.compareTo(max) > 0 ? max : d;
    }

    /** The longest an alert can wait on its sink, retries included (timeouts of the sends aside). */
    Duration total() {
        Duration sum = Duration.ZERO;
        for (int n = 1; n < attempts; n++) {
            sum = sum.plus(after(n));
        }
        return sum;
    }
}
