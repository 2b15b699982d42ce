package dev.vigil.api.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * What one strategy did about one failure.
 *
 * @param repaired whether the service was healthy again afterwards
 * @param message  one line for people
 * @param took     how long the attempt took
 */
public record RecoveryOutcome(boolean repaired, String message, Duration took) {
    public RecoveryOutcome {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(took, "took");
    }
}
