package dev.vigil.api.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of Vigil's history, as the journal keeps it: a health or state change, an exit,
 * a restart, a recovery attempt, a port moved, a configuration loaded or refused.
 *
 * @param when    when it happened
 * @param service the service it is about, or null for the system itself (configuration)
 * @param kind    what kind of event it is
 * @param from    the value before, where one applies (a state, a health, a port), else null
 * @param to      the value after, where one applies, else null
 * @param message one line for people: what happened
 */
public record HistoryEvent(Instant when, String service, Kind kind, String from, String to, String message) {

    /** What an event is about. */
    public enum Kind {
        /** A service's health changed; from and to are {@link dev.vigil.api.HealthStatus} names. */
        HEALTH,
        /** A service's lifecycle state changed; from and to are {@link dev.vigil.api.ServiceState} names. */
        STATE,
        /** A service's process exited (or its launch failed); to is the exit code or the signal, when known. */
        EXIT,
        /** A service was started again after it had run: by recovery or by an operator. */
        RESTART,
        /** A recovery attempt ended; from is the strategy, to the outcome. */
        RECOVERY,
        /** A service's port was moved; from and to are the port numbers, the message names the port. */
        PORT,
        /** A configuration was loaded and is in force. */
        CONFIG_LOADED,
        /** A configuration was refused (rejected, or unusable at start with the last good one in force). */
        CONFIG_REFUSED
    }

    public HistoryEvent {
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
