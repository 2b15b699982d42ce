package dev.vigil.api.journal;

import dev.vigil.api.recovery.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One recovery attempt: one strategy's action on one failure, and how it ended.
 *
 * @param service   the service repaired
 * @param kind      the kind of failure
 * @param strategy  the strategy that acted
 * @param failedAt  when the failure was seen, for the time to recovery
 * @param start     when the attempt began
 * @param duration  how long the action and its verification took
 * @param outcome   how it ended
 * @param detail    one line for people: what was done and what was verified
 */
public record RecoveryRecord(String service, FailureKind kind, String strategy, Instant failedAt, Instant start,
                             Duration duration, Outcome outcome, String detail) {
    /** How an attempt ended. */
    public enum Outcome {
        /** The service was healthy again within the verify timeout. */
        RECOVERED,
        /** It acted, but the service was not healthy within the verify timeout (or it threw). */
        FAILED,
        /** It reached a limit and put the service into FATAL. */
        GAVE_UP,
        /** It did not apply, or is not installed; it is not counted as an attempt. */
        SKIPPED
    }

    public RecoveryRecord {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    /** When the attempt ended. */
    public Instant end() {
        return start.plus(duration);
    }
}
