package dev.vigil.alerts.dispatch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.alert.Alert;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.ServiceHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The incident rules: one alert per incident, then its resolution, whatever happens in between. */
class IncidentsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private final Incidents incidents = new Incidents();

    @Test
    void aFatalServiceOpensOneCriticalIncidentAndLaterFailuresAreTheSameOne() {
        Alert a = incidents.fatal("trading", "api", "exited with code 1; gave up after 5 restarts", T0).orElseThrow();

        assertEquals(Alert.Status.FIRING, a.status());
        assertEquals(Alert.Severity.CRITICAL, a.severity());
        assertEquals("trading/api/" + T0.toEpochMilli(), a.incident());
        assertEquals("api is FATAL: Vigil gave up on it and waits for an operator", a.summary());
        assertEquals("exited with code 1; gave up after 5 restarts", a.description());
        assertEquals(Map.of("alertname", "VigilServiceFatal", "system", "trading", "service", "api",
                "severity", "critical", "kind", "FATAL"), a.labels());
        assertNull(a.endsAt());
        assertEquals(Optional.empty(), incidents.fatal("trading", "api", "again", T0.plusSeconds(1)));
        assertEquals(Optional.empty(), incidents.recoveryEnded("trading", "api", "GAVE_UP", "CRASHED", "restart", "x",
                T0.plusSeconds(2)));
        assertEquals(List.of(a), incidents.open());
    }

    @Test
    void givingUpIsFatalAtOnceWithTheFailureKind() {
        Alert gaveUp = incidents.recoveryEnded("trading", "db", "GAVE_UP", "CRASHED", "restart", "gave up after 5"
                + " restarts within 10m", T0).orElseThrow();
        assertEquals(Alert.Severity.CRITICAL, gaveUp.severity());
        assertEquals("db is FATAL: restart gave up on it and Vigil waits for an operator", gaveUp.summary());
        assertEquals("FATAL", gaveUp.labels().get("kind"));
        assertEquals("CRASHED", gaveUp.labels().get("failure"));
    }

    @Test
    void aFailedAttemptIsJudgedWhenItsRecoveryIsOver() {
        Incidents.FailedAttempt attempt = new Incidents.FailedAttempt("UNHEALTHY", "restart",
                "restarted after 0 ms; not healthy within 20000 ms: DOWN", T0);
        assertEquals(Optional.empty(), incidents.recoveryEnded("trading", "feed", "FAILED", "UNHEALTHY", "restart",
                attempt.message(), T0), "one attempt is not yet an incident");
        Instant started = T0.plusSeconds(20);

        // Repaired by a later attempt, or taken over by an operator: nobody needs to be told.
        assertEquals(Optional.empty(), incidents.recoveryOver("trading", status("feed", ServiceState.RUNNING, started),
                Optional.of(health(HealthStatus.UP, started.plusSeconds(1))), attempt, started.plusSeconds(2)));
        assertEquals(Optional.empty(), incidents.recoveryOver("trading", status("feed", ServiceState.STOPPED, null),
                Optional.empty(), attempt, started));
        assertEquals(Optional.empty(), incidents.recoveryOver("trading", status("feed", ServiceState.STARTING, started),
                Optional.empty(), attempt, started));

        // Left running and DOWN: the repair failed.
        Alert failed = incidents.recoveryOver("trading", status("feed", ServiceState.RUNNING, started),
                Optional.of(health(HealthStatus.DOWN, started.plusSeconds(1))), attempt, started.plusSeconds(30))
                .orElseThrow();
        assertEquals(Alert.Severity.WARNING, failed.severity());
        assertEquals("feed: recovery by restart failed (UNHEALTHY); the service is RUNNING", failed.summary());
        assertEquals(attempt.message(), failed.description());
        assertEquals(T0, failed.startsAt(), "the incident began with the failed attempt");
        assertEquals("VigilRecoveryFailed", failed.labels().get("alertname"));
        assertEquals("RECOVERY_FAILED", failed.labels().get("kind"));
        assertEquals("UNHEALTHY", failed.labels().get("failure"));
    }

    @Test
    void aCrashLoopThatEndsFatalIsOneCriticalIncident() {
        Incidents.FailedAttempt attempt = new Incidents.FailedAttempt("CRASHED", "restart", "not running: BACKOFF", T0);
        ServiceStatus fatal = new ServiceStatus("loop", ServiceState.FATAL, -1, null, 2, 1,
                "exited with code 1 after 6 ms; gave up after 2 restarts within 10m", "file", Map.of());

        Alert a = incidents.recoveryOver("trading", fatal, Optional.empty(), attempt, T0.plusSeconds(1)).orElseThrow();

        assertEquals(Alert.Severity.CRITICAL, a.severity());
        assertEquals("FATAL", a.labels().get("kind"));
        assertEquals("exited with code 1 after 6 ms; gave up after 2 restarts within 10m", a.description());
        assertEquals(Optional.empty(), incidents.fatal("trading", "loop", "the same FATAL, told by the supervisor",
                T0.plusSeconds(1)));
    }

    private static ServiceStatus status(String name, ServiceState state, Instant started) {
        return new ServiceStatus(name, state, state == ServiceState.STOPPED ? -1 : 77, started, 1, null, "", "file",
                Map.of());
    }

    @Test
    void recoveredAndSkippedAttemptsAreNoIncident() {
        assertEquals(Optional.empty(), incidents.recoveryEnded("s", "api", "RECOVERED", "CRASHED", "restart", "ok", T0));
        assertEquals(Optional.empty(), incidents.recoveryEnded("s", "api", "SKIPPED", "CRASHED", "evict-squatter",
                "not a copy of itself", T0));
        assertTrue(incidents.open().isEmpty());
    }

    @Test
    void theResolutionIsTheSameIncidentEndedAndTheNextFailureIsANewOne() {
        Alert a = incidents.fatal("trading", "api", "gave up", T0).orElseThrow();
        Instant later = T0.plus(Duration.ofMinutes(3)).plusSeconds(12);

        Alert r = incidents.resolve("api", later, "RUNNING and UP (pid 42)").orElseThrow();

        assertEquals(Alert.Status.RESOLVED, r.status());
        assertEquals(a.incident(), r.incident());
        assertEquals(a.labels(), r.labels());
        assertEquals(a.startsAt(), r.startsAt());
        assertEquals(later, r.endsAt());
        assertEquals("api is healthy again", r.summary());
        assertEquals("RUNNING and UP (pid 42) after 3m12s; it was: " + a.summary(), r.description());
        assertEquals(Optional.empty(), incidents.resolve("api", later, "again"));
        Alert next = incidents.fatal("trading", "api", "gave up", later.plusSeconds(60)).orElseThrow();
        assertNotEquals(a.incident(), next.incident());
    }

    @Test
    void healthyMeansRunningAndUpByChecksOfTheCurrentProcess() {
        Instant started = T0.plusSeconds(10);
        ServiceStatus running = new ServiceStatus("api", ServiceState.RUNNING, 42, started, 0, null, "", "file", Map.of());
        ServiceStatus starting = new ServiceStatus("api", ServiceState.STARTING, 42, started, 0, null, "", "file", Map.of());
        ServiceStatus fatal = new ServiceStatus("api", ServiceState.FATAL, -1, null, 0, 1, "gave up", "file", Map.of());

        assertEquals("RUNNING (pid 42)", Incidents.healthy(running, Optional.empty()));
        assertNull(Incidents.healthy(starting, Optional.empty()));
        assertNull(Incidents.healthy(fatal, Optional.empty()));
        assertNull(Incidents.healthy(running, Optional.of(health(HealthStatus.UP, started.minusSeconds(1)))),
                "an UP left from the process before");
        assertNull(Incidents.healthy(running, Optional.of(health(HealthStatus.DOWN, started.plusSeconds(1)))));
        assertEquals("RUNNING and UP (pid 42)", Incidents.healthy(running,
                Optional.of(health(HealthStatus.UP, started.plusSeconds(1)))));
        assertEquals("RUNNING and DEGRADED (pid 42)", Incidents.healthy(running,
                Optional.of(health(HealthStatus.DEGRADED, started.plusSeconds(1)))));
    }

    private static ServiceHealth health(HealthStatus status, Instant lastRun) {
        CheckResult result = new CheckResult(status, "HTTP 200", Duration.ofMillis(3), lastRun, Map.of());
        CheckHealth check = new CheckHealth("http", "http", status, true, 0, 1, List.of(result));
        return new ServiceHealth("api", status, "", null, lastRun, List.of(check));
    }
}
