package dev.vigil.monitor.internal;

import static dev.vigil.api.HealthStatus.DEGRADED;
import static dev.vigil.api.HealthStatus.DOWN;
import static dev.vigil.api.HealthStatus.UNKNOWN;
import static dev.vigil.api.HealthStatus.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service's health from its process, its checks and its dependencies. */
class VerdictTest {
    private static final ServiceStatus RUNNING = process(ServiceState.RUNNING, 4242, "started pid 4242");

    private static ServiceStatus process(ServiceState state, long pid, String message) {
        return new ServiceStatus("api", state, pid, pid > 0 ? Instant.now() : null, 2, pid > 0 ? null : 1, message,
                "file:/etc/vigil/vigil.json", Map.of());
    }

    private static CheckHealth check(String name, HealthStatus status, boolean critical, String lastMessage) {
        List<CheckResult> recent = lastMessage == null ? List.of()
                : List.of(new CheckResult(status, lastMessage, Duration.ZERO, Instant.now()));
        return new CheckHealth(name, "http", status, critical, status == DOWN ? 3 : 0, status == DOWN ? 0 : 1, recent);
    }

    private static Verdict.Outcome of(ServiceStatus p, List<CheckHealth> checks, Verdict.Dependency... deps) {
        return Verdict.of(p, checks, List.of(deps));
    }

    @Test
    void aRunningServiceWithoutChecksIsUp() {
        Verdict.Outcome o = of(RUNNING, List.of());
        assertEquals(UP, o.status());
        assertEquals("running, no checks", o.cause());
        assertNull(o.blockedBy());
    }

    @Test
    void aStartingServiceWithoutChecksIsNotYetKnown() {
        Verdict.Outcome o = of(process(ServiceState.STARTING, 4242, ""), List.of());
        assertEquals(UNKNOWN, o.status());
        assertEquals("starting", o.cause());
    }

    @Test
    void aProcessNotRunningIsDownWithItsState() {
        Verdict.Outcome o = of(process(ServiceState.BACKOFF, -1, "exited with code 1, restart in 2s"),
                List.of(check("http", UP, true, "HTTP 200 in 3 ms")));
        assertEquals(DOWN, o.status());
        assertEquals("not running: BACKOFF (exited with code 1, restart in 2s)", o.cause());
        assertEquals("not running: FATAL (gave up after 5 restarts)",
                of(process(ServiceState.FATAL, -1, "gave up after 5 restarts"), List.of()).cause());
        assertEquals("not running: STOPPED", of(process(ServiceState.STOPPED, -1, ""), List.of()).cause());
        assertEquals("not running: STOPPED (exit 143)",
                of(process(ServiceState.STOPPED, -1, "stopped (exit 143)"), List.of()).cause(), "the state is not said twice");
        assertEquals("not running: STOPPED", of(process(ServiceState.STOPPED, -1, "stopped"), List.of()).cause());
        assertEquals("not running: STOPPED (by the operator)",
                of(process(ServiceState.STOPPED, -1, "Stopped: by the operator"), List.of()).cause());
    }

    @Test
    void withoutASupervisorNothingIsKnown() {
        Verdict.Outcome o = of(null, List.of());
        assertEquals(UNKNOWN, o.status());
        assertEquals("the supervisor is not running", o.cause());
    }

    @Test
    void aDependencyDownMakesItDownNamingTheDependency() {
        Verdict.Outcome o = of(RUNNING, List.of(check("http", UP, true, "HTTP 200 in 3 ms")),
                new Verdict.Dependency("cache", UP, ""),
                new Verdict.Dependency("db", DOWN, "check tcp: cannot connect to 127.0.0.1:5432: Connection refused"));
        assertEquals(DOWN, o.status());
        assertEquals("db", o.blockedBy());
        assertEquals("dependency db is DOWN (check tcp: cannot connect to 127.0.0.1:5432: Connection refused)", o.cause());
    }

    @Test
    void theDependencyIsBlamedEvenWhenTheServiceIsDownToo() {
        Verdict.Outcome o = of(process(ServiceState.BACKOFF, -1, "exited with code 1"), List.of(),
                new Verdict.Dependency("db", DOWN, "not running: FATAL"));
        assertEquals(DOWN, o.status());
        assertEquals("db", o.blockedBy());
    }

    @Test
    void aDependentDownOfItsOwnSaysItsOwnErrorAfterTheDependency() {
        Verdict.Outcome o = of(RUNNING, List.of(check("http", DOWN, true, "HTTP 500 from http://127.0.0.1:8000/")),
                new Verdict.Dependency("db", DOWN, "not running: FATAL"));
        assertEquals(DOWN, o.status());
        assertEquals("db", o.blockedBy());
        assertEquals("dependency db is DOWN (not running: FATAL); itself DOWN: check http: HTTP 500 from"
                + " http://127.0.0.1:8000/", o.cause());
        assertEquals("dependency db is DOWN (not running: FATAL); itself DOWN: not running: BACKOFF (exited with code 1)",
                of(process(ServiceState.BACKOFF, -1, "exited with code 1"), List.of(),
                        new Verdict.Dependency("db", DOWN, "not running: FATAL")).cause());
    }

    @Test
    void aDegradedOrUnknownDependencyBlocksNothing() {
        Verdict.Outcome o = of(RUNNING, List.of(check("http", UP, true, "HTTP 200 in 3 ms")),
                new Verdict.Dependency("db", DEGRADED, "check http: slow"), new Verdict.Dependency("q", UNKNOWN, "?"));
        assertEquals(UP, o.status());
        assertNull(o.blockedBy());
    }

    private static dev.vigil.api.check.ServiceHealth copy(String name, HealthStatus status, String cause) {
        return new dev.vigil.api.check.ServiceHealth(name, status, cause, null, Instant.now(), List.of());
    }

    @Test
    void aDependencyOnCopiesIsUpWhenAllAreDegradedWhenSomeAreDownDownWhenAllAre() {
        List<CheckHealth> healthy = List.of(check("http", UP, true, "HTTP 200 in 3 ms"));
        Verdict.Dependency allUp = CopiesHealth.of("web", List.of(copy("web#1", UP, ""), copy("web#2", UP, "")));
        Verdict.Dependency oneDown = CopiesHealth.of("web", List.of(copy("web#1", UP, ""),
                copy("web#2", DOWN, "not running: BACKOFF")));
        Verdict.Dependency allDown = CopiesHealth.of("web", List.of(copy("web#1", DOWN, "not running: FATAL"),
                copy("web#2", DOWN, "not running: BACKOFF")));

        assertEquals(UP, of(RUNNING, healthy, allUp).status());
        Verdict.Outcome some = of(RUNNING, healthy, oneDown);
        assertEquals(DEGRADED, some.status());
        assertEquals("dependency web is DEGRADED (1 of 2 copies DOWN; web#2: not running: BACKOFF)", some.cause());
        assertNull(some.blockedBy());
        Verdict.Outcome all = of(RUNNING, healthy, allDown);
        assertEquals(DOWN, all.status());
        assertEquals("web", all.blockedBy());
    }

    @Test
    void theWorstCriticalCheckDecides() {
        Verdict.Outcome o = of(RUNNING, List.of(check("http", DEGRADED, true, "HTTP 200 in 900 ms, slower than 250 ms"),
                check("tcp", DOWN, true, "cannot connect to 127.0.0.1:8080: Connection refused"),
                check("disk", UP, true, "ok")));
        assertEquals(DOWN, o.status());
        assertEquals("check tcp: cannot connect to 127.0.0.1:8080: Connection refused", o.cause());
        assertNull(o.blockedBy());
    }

    @Test
    void aNonCriticalCheckDownOnlyDegrades() {
        Verdict.Outcome o = of(RUNNING, List.of(check("http", UP, true, "HTTP 200 in 3 ms"),
                check("queue", DOWN, false, "QUEUE CRITICAL - 900 jobs")));
        assertEquals(DEGRADED, o.status());
        assertEquals("check queue: QUEUE CRITICAL - 900 jobs", o.cause());
    }

    @Test
    void aNonCriticalCheckUnknownDoesNotCount() {
        Verdict.Outcome o = of(RUNNING, List.of(check("http", UP, true, "HTTP 200 in 3 ms"),
                check("queue", UNKNOWN, false, "no check type \"redis\" installed")));
        assertEquals(UP, o.status());
        assertEquals("", o.cause());
    }

    @Test
    void aCriticalCheckWithoutResultLeavesItUnknown() {
        Verdict.Outcome o = of(RUNNING, List.of(check("http", UNKNOWN, true, null)));
        assertEquals(UNKNOWN, o.status());
        assertEquals("check http: no result yet", o.cause());
    }

    @Test
    void allChecksPassingWhileStartingIsUp() {
        Verdict.Outcome o = of(process(ServiceState.STARTING, 4242, ""), List.of(check("http", UP, true, "HTTP 200")));
        assertEquals(UP, o.status());
        assertEquals("", o.cause());
    }
}
