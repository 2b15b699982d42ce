package dev.vigil.api.recovery;

import java.time.Instant;
import java.util.Objects;

/**
 * A failure handed to recovery.
 *
 * @param service the failed service
 * @param kind    what kind of failure
 * @param cause   one line saying what was seen
 * @param time    when it was seen
 */
public record Failure(String service, FailureKind kind, String cause, Instant time) {
    public Failure {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(time, "time");
    }
}
