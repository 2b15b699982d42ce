package dev.vigil.api.journal;

import java.time.Duration;
import java.util.Objects;

/**
 * How well recovery does for one service or one strategy, over every attempt in the journal.
 *
 * @param subject            the service or strategy scored
 * @param attempts           attempts made (skipped ones not counted)
 * @param successes          attempts after which the service was healthy again
 * @param meanTimeToRecovery mean time from a failure being seen to the service healthy again,
 *                           over the recovered ones; null when none recovered
 */
public record RecoveryScore(String subject, int attempts, int successes, Duration meanTimeToRecovery) {
    public RecoveryScore {
        Objects.requireNonNull(subject, "subject");
    }

    /** Successes over attempts, 0-1; 0 when there were no attempts. */
    public double successRate() {
        return attempts == 0 ? 0 : (double) successes / attempts;
    }
}
