package dev.vigil.api.recovery;

import java.util.Objects;

/**
 * What one strategy did about one failure. Whether it repaired the service is not the
 * strategy's to say: the coordinator verifies the service's health after every action.
 *
 * @param action  what the strategy did
 * @param message one line for people: what it did, or why it did nothing
 */
public record RecoveryOutcome(Action action, String message) {
    /** What a strategy did. */
    public enum Action {
        /** It acted (restarted, moved, evicted...); the coordinator now verifies the repair. */
        ACTED,
        /** It did nothing, because it does not apply here; the next strategy is tried. */
        PASSED,
        /** It put the service into FATAL (a limit was reached); no further strategy is tried. */
        GAVE_UP
    }

    public RecoveryOutcome {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(message, "message");
    }

    public static RecoveryOutcome acted(String message) {
        return new RecoveryOutcome(Action.ACTED, message);
    }

    public static RecoveryOutcome passed(String message) {
        return new RecoveryOutcome(Action.PASSED, message);
    }

    public static RecoveryOutcome gaveUp(String message) {
        return new RecoveryOutcome(Action.GAVE_UP, message);
    }
}
