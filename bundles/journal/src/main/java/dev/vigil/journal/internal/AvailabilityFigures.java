package dev.vigil.journal.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.journal.Availability;
import dev.vigil.api.journal.HistoryEvent;
import dev.vigil.api.journal.HistoryEvent.Kind;
import java.time.Duration;
import java.time.Instant;

/**
 * Works out one service's {@link Availability} from its state and health changes, fed oldest
 * first (those before the period included, for the state it began in). A service is meant to
 * run unless STOPPED; it is down in BACKOFF and FATAL, and while RUNNING with health DOWN; once
 * down it stays down through STARTING until it is RUNNING and not DOWN again. Not thread-safe.
 */
final class AvailabilityFigures {
    private final String service;
    private final Instant since;
    private final Instant until;
    private ServiceState state;
    private HealthStatus health;
    private boolean down;
    private Instant mark;
    private long observedMillis;
    private long downMillis;
    private int incidents;

    AvailabilityFigures(String service, Instant since, Instant until) {
        if (until.isBefore(since)) {
            throw new IllegalArgumentException("the period ends (" + until + ") before it begins (" + since + ")");
        }
        this.service = service;
        this.since = since;
        this.until = until;
    }

    /** Takes one event, if it is this service's state or health and not after the period. */
    void accept(HistoryEvent e) {
        if (!service.equals(e.service()) || e.when().isAfter(until) || e.to() == null) {
            return;
        }
        ServiceState nextState = state;
        HealthStatus nextHealth = health;
        try {
            if (e.kind() == Kind.STATE || e.kind() == Kind.RESTART) {
                nextState = ServiceState.valueOf(e.to());
                if (nextState != ServiceState.RUNNING) {
                    nextHealth = null; // a new run's health starts unknown
                }
            } else if (e.kind() == Kind.HEALTH) {
                nextHealth = HealthStatus.valueOf(e.to());
            } else {
                return;
            }
        } catch (IllegalArgumentException unknownName) {
            return; // a state or health of a newer Vigil: not counted
        }
        boolean inPeriod = !e.when().isBefore(since);
        if (inPeriod) {
            advance(e.when());
        }
        boolean wasDown = down;
        state = nextState;
        health = nextHealth;
        down = switch (state) {
            case STOPPED -> false;
            case BACKOFF, FATAL -> true;
            case RUNNING -> health == HealthStatus.DOWN;
            case STARTING -> down;
        };
        if (inPeriod && down && !wasDown) {
            incidents++;
        }
    }

    /** The figures, with the last state lasting to the end of the period. */
    Availability result() {
        advance(until);
        return new Availability(service, since, until, Duration.ofMillis(observedMillis), Duration.ofMillis(downMillis),
                incidents);
    }

    /** Counts the time from the last mark (the start of the period at first) to {@code at} in the current state. */
    private void advance(Instant at) {
        if (mark == null) {
            mark = since;
            if (down) {
                incidents++; // already down when the period began
            }
        }
        long millis = Duration.between(mark, at).toMillis();
        if (millis > 0 && state != null && state != ServiceState.STOPPED) {
            observedMillis += millis;
            if (down) {
                downMillis += millis;
            }
        }
        mark = at;
    }
}
