package dev.vigil.monitor.internal;

import static dev.vigil.api.HealthStatus.DEGRADED;
import static dev.vigil.api.HealthStatus.DOWN;
import static dev.vigil.api.HealthStatus.UNKNOWN;
import static dev.vigil.api.HealthStatus.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.CheckSpec;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A check's status from its results: thresholds, start period, UNKNOWN results. */
class CheckStateTest {
    /** DOWN after 3 failures in a row, UP again after 2 passes in a row. */
    private final CheckState state = new CheckState(new CheckSpec("http", "health", Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofMillis(500), 3, 2, Duration.ofSeconds(30), true, Map.of()));

    private static CheckResult result(HealthStatus status, String message) {
        return new CheckResult(status, message, Duration.ofMillis(3), Instant.now());
    }

    private void feed(HealthStatus... results) {
        for (HealthStatus s : results) {
            state.record(result(s, s.name().toLowerCase()), false);
        }
    }

    @Test
    void noResultYetIsUnknown() {
        assertEquals(UNKNOWN, state.status());
        CheckHealth h = state.snapshot();
        assertEquals("health", h.name());
        assertEquals("http", h.type());
        assertEquals(0, h.recent().size());
    }

    @Test
    void theFirstPassIsUpAtOnce() {
        feed(UP);
        assertEquals(UP, state.status());
        feed(DEGRADED);
        assertEquals(DEGRADED, state.status());
    }

    @Test
    void downOnlyAfterFailureThresholdFailuresInARow() {
        feed(UP, DOWN, DOWN);
        assertEquals(UP, state.status());
        assertEquals(2, state.snapshot().consecutiveFailures());
        feed(DOWN);
        assertEquals(DOWN, state.status());
        assertEquals(3, state.snapshot().consecutiveFailures());
        assertEquals(0, state.snapshot().consecutivePasses());
    }

    @Test
    void aPassInBetweenStartsTheCountAgain() {
        feed(UP, DOWN, DOWN, UP, DOWN, DOWN);
        assertEquals(UP, state.status());
        feed(DOWN);
        assertEquals(DOWN, state.status());
    }

    @Test
    void failuresBeforeAnyPassLeaveItUnknownUntilTheThreshold() {
        feed(DOWN, DOWN);
        assertEquals(UNKNOWN, state.status());
        feed(DOWN);
        assertEquals(DOWN, state.status());
    }

    @Test
    void upAgainOnlyAfterSuccessThresholdPassesInARow() {
        feed(DOWN, DOWN, DOWN, UP);
        assertEquals(DOWN, state.status());
        assertEquals(1, state.snapshot().consecutivePasses());
        feed(DOWN, UP);
        assertEquals(DOWN, state.status(), "a failure in between starts the passes again");
        feed(UP);
        assertEquals(UP, state.status());
        assertEquals(2, state.snapshot().consecutivePasses());
    }

    @Test
    void warningsCountAsPassesOnTheWayBack() {
        feed(DOWN, DOWN, DOWN, DEGRADED, DEGRADED);
        assertEquals(DEGRADED, state.status());
    }

    @Test
    void failuresInTheStartPeriodDoNotCount() {
        for (int i = 0; i < 10; i++) {
            state.record(result(DOWN, "connection refused"), true);
        }
        assertEquals(UNKNOWN, state.status());
        assertEquals(0, state.snapshot().consecutiveFailures());
        assertEquals("connection refused", state.last().message(), "the result is still shown");
        state.record(result(UP, "HTTP 200"), true);
        assertEquals(UP, state.status(), "a pass counts even in the start period");
        feed(DOWN, DOWN);
        assertEquals(UP, state.status());
        feed(DOWN);
        assertEquals(DOWN, state.status());
    }

    @Test
    void anUnknownResultKeepsTheStatusAndTheCounts() {
        feed(UP, DOWN, DOWN);
        feed(UNKNOWN);
        assertEquals(UP, state.status());
        assertEquals(2, state.snapshot().consecutiveFailures());
        assertEquals("unknown", state.last().message());
        feed(DOWN, UNKNOWN);
        assertEquals(DOWN, state.status());
        feed(UP, UNKNOWN, UP);
        assertEquals(UP, state.status());
    }

    @Test
    void onlyTheLastResultsAreKept() {
        for (int i = 0; i < 25; i++) {
            state.record(result(UP, "run " + i), false);
        }
        CheckHealth h = state.snapshot();
        assertEquals(CheckState.KEEP, h.recent().size());
        assertEquals("run 15", h.recent().get(0).message());
        assertEquals("run 24", h.recent().get(CheckState.KEEP - 1).message());
    }

    @Test
    void aNewProcessStartsFromUnknown() {
        feed(DOWN, DOWN, DOWN);
        state.restart();
        assertEquals(UNKNOWN, state.status());
        assertEquals(0, state.snapshot().consecutiveFailures());
        feed(UP);
        assertEquals(UP, state.status(), "no successThreshold to climb after a restart");
    }

    @Test
    void unknownWithAReasonShowsIt() {
        feed(UP);
        state.unknown(result(UNKNOWN, "no check type \"http\" installed"));
        assertEquals(UNKNOWN, state.status());
        assertEquals("no check type \"http\" installed", state.snapshot().recent().get(1).message());
    }
}
