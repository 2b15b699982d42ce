package dev.vigil.status.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.RecoveryScore;
import dev.vigil.api.status.Scaled;
import dev.vigil.api.status.SystemStatus;
import dev.vigil.api.status.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The system's verdict and exit code from constructed services, health and notices. */
class StatusRulesTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private static ServiceStatus service(String name, ServiceState state) {
        boolean up = state == ServiceState.RUNNING || state == ServiceState.STARTING;
        return new ServiceStatus(name, state, up ? 100 : -1, up ? NOW.minusSeconds(60) : null, 0, null, "",
                "file:/etc/vigil/vigil.json", Map.of("http", 8000));
    }

    private static ServiceHealth health(String name, HealthStatus status) {
        return new ServiceHealth(name, status, status == HealthStatus.UP ? "" : "because", null, NOW, List.of());
    }

    /** The status of services in the given states, each with the health the monitor gives it. */
    private static SystemStatus status(List<String> notices, Object... stateAndHealth) {
        List<ServiceStatus> services = new java.util.ArrayList<>();
        Map<String, ServiceHealth> health = new HashMap<>();
        for (int i = 0; i < stateAndHealth.length; i += 2) {
            String name = "s" + i;
            services.add(service(name, (ServiceState) stateAndHealth[i]));
            if (stateAndHealth[i + 1] != null) {
                health.put(name, health(name, (HealthStatus) stateAndHealth[i + 1]));
            }
        }
        return StatusRules.status(new StatusRules.Inputs(services, health, Map.of(), Map.of(), notices), NOW);
    }

    @Test
    void everyServiceRunningAndUpPassesWithExitZero() {
        SystemStatus s = status(List.of(), ServiceState.RUNNING, HealthStatus.UP, ServiceState.RUNNING, HealthStatus.UP);
        assertEquals(Verdict.PASS, s.verdict());
        assertEquals(0, s.exitCode());
        assertEquals("pass", s.verdict().label());
    }

    @Test
    void aScaledServiceCountsItsRunningCopiesByName() {
        List<ServiceStatus> running = List.of(service("web#1", ServiceState.RUNNING), service("web#2", ServiceState.RUNNING),
                service("web#3", ServiceState.STOPPED), service("api#1", ServiceState.RUNNING), service("db", ServiceState.RUNNING));
        List<Scaled> scaled = StatusRules.scaled(Map.of("web", 5, "api", 2), running);
        assertEquals(List.of(new Scaled("api", 1, 2), new Scaled("web", 3, 5)), scaled);
        assertEquals("api runs 1 copy, config says 2 (vigil:scale api 2 goes back)", scaled.get(0).describe());
    }

    @Test
    void noServicesPasses() {
        assertEquals(Verdict.PASS, status(List.of()).verdict());
    }

    @Test
    void aStoppedServiceWarnsThoughTheMonitorCallsItDown() {
        // The monitor's health for a process that is not running is DOWN; stopped on purpose is not broken.
        SystemStatus s = status(List.of(), ServiceState.RUNNING, HealthStatus.UP, ServiceState.STOPPED, HealthStatus.DOWN);
        assertEquals(Verdict.WARN, s.verdict());
        assertEquals(1, s.exitCode());
        assertEquals(Verdict.WARN, s.services().get(1).verdict());
        assertEquals(Verdict.PASS, s.services().get(0).verdict());
    }

    @Test
    void aStoppedServiceWithoutAMonitorWarns() {
        assertEquals(Verdict.WARN, status(List.of(), ServiceState.STOPPED, null).verdict());
    }

    @Test
    void fatalFailsWithExitTwoWhateverItsHealth() {
        for (HealthStatus h : new HealthStatus[] {null, HealthStatus.UP, HealthStatus.DOWN, HealthStatus.UNKNOWN}) {
            SystemStatus s = status(List.of(), ServiceState.STOPPED, HealthStatus.DOWN, ServiceState.FATAL, h);
            assertEquals(Verdict.FAIL, s.verdict(), String.valueOf(h));
            assertEquals(2, s.exitCode());
        }
    }

    @Test
    void downWhileMeantToRunFails() {
        for (ServiceState state : List.of(ServiceState.RUNNING, ServiceState.STARTING, ServiceState.BACKOFF)) {
            assertEquals(Verdict.FAIL, status(List.of(), state, HealthStatus.DOWN).verdict(), state.name());
        }
    }

    @Test
    void startingBackingOffDegradedOrUnknownWarn() {
        assertEquals(Verdict.WARN, status(List.of(), ServiceState.STARTING, HealthStatus.UNKNOWN).verdict());
        assertEquals(Verdict.WARN, status(List.of(), ServiceState.STARTING, null).verdict());
        assertEquals(Verdict.WARN, status(List.of(), ServiceState.BACKOFF, null).verdict());
        assertEquals(Verdict.WARN, status(List.of(), ServiceState.RUNNING, HealthStatus.DEGRADED).verdict());
        assertEquals(Verdict.WARN, status(List.of(), ServiceState.RUNNING, HealthStatus.UNKNOWN).verdict());
    }

    @Test
    void aNoticeWarnsButNeverHidesAFailure() {
        List<String> notice = List.of("running on the last-known-good config");
        assertEquals(Verdict.WARN, status(notice, ServiceState.RUNNING, HealthStatus.UP).verdict());
        assertEquals(Verdict.FAIL, status(notice, ServiceState.FATAL, null).verdict());
        assertEquals(notice, status(notice).notices());
    }

    @Test
    void theHostIsShownButNeverDecides() {
        ServiceHealth host = health("system", HealthStatus.DOWN);
        SystemStatus s = StatusRules.status(new StatusRules.Inputs(List.of(service("api", ServiceState.RUNNING)),
                Map.of("system", host, "api", health("api", HealthStatus.UP)), Map.of(), Map.of(), List.of()), NOW);
        assertEquals(Verdict.PASS, s.verdict());
        assertEquals(host, s.host());
        assertEquals(1, s.services().size());
    }

    @Test
    void eachEntryCarriesItsRecoveryScoreAndActiveStrategy() {
        RecoveryScore score = new RecoveryScore("api", 3, 2, Duration.ofSeconds(4));
        SystemStatus s = StatusRules.status(new StatusRules.Inputs(List.of(service("api", ServiceState.RUNNING),
                service("db", ServiceState.RUNNING)), Map.of(), Map.of("api", score), Map.of("api", "restart"),
                List.of()), NOW);
        assertEquals(score, s.services().get(0).recovery());
        assertEquals("restart", s.services().get(0).recovering());
        assertNull(s.services().get(1).recovery());
        assertEquals(NOW, s.at());
    }
}
