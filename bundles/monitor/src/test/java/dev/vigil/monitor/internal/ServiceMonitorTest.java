package dev.vigil.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.api.CheckSpec;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.RestartPolicy;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.ServiceState;
import dev.vigil.api.Supervisor;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.ServiceHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor in-process, as the DS runtime would wire it, with the real http check type
 * against real HTTP servers; only the supervisor is ours, so that no process is launched.
 */
class ServiceMonitorTest {
    /** Long enough for a few 100 ms check rounds on a busy build machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ServiceMonitor monitor = new ServiceMonitor();
    private final FixedSupervisor supervisor = new FixedSupervisor();
    private final HealthEndpoint db = new HealthEndpoint();
    private final HealthEndpoint api = new HealthEndpoint();
    private CheckType http;

    @BeforeEach
    void wire() {
        http = httpCheck();
        Scr.inject(monitor, Supervisor.class, supervisor);
        supervisor.running("db");
        supervisor.running("api");
        Scr.activate(monitor);
    }

    @AfterEach
    void unwire() {
        db.close();
        api.close();
        if (http != null) {
            Scr.deactivate(monitor);
            Scr.deactivate(http);
        }
    }

    /** The real http check type, activated, from the vigil-check-http bundle on the test classpath. */
    private static CheckType httpCheck() {
        Class<?> type;
        try {
            type = Class.forName("dev.vigil.check.http.internal.HttpCheck");
        } catch (ClassNotFoundException e) {
            assumeTrue(false, "vigil-check-http is not on the test classpath (a test dependency of bundles/monitor)");
            return null;
        }
        try {
            CheckType t = (CheckType) type.getDeclaredConstructor().newInstance();
            Scr.activate(t);
            return t;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CheckSpec httpCheckOf(String url) {
        return new CheckSpec("http", "http", Duration.ofMillis(100), Duration.ofMillis(200), 2, 2, Duration.ZERO, true,
                Map.of("url", url));
    }

    private static ServiceDefinition service(String name, List<String> dependsOn, CheckSpec check) {
        return new ServiceDefinition(name, List.of("/usr/bin/" + name), Path.of("."), Map.of(), Map.of(), List.of(check),
                dependsOn, List.of(), RestartPolicy.DEFAULT, Duration.ofSeconds(1), true, "test");
    }

    /** db, and api depending on it, each with an http check on its own server. */
    private void configure() {
        Map<String, ServiceDefinition> services = new LinkedHashMap<>();
        services.put("db", service("db", List.of(), httpCheckOf(db.url())));
        services.put("api", service("api", List.of("db"), httpCheckOf(api.url())));
        monitor.bindConfig(new SystemConfig("shop", "test", services, List.of()));
    }

    /** Polls the service's health until {@code until} holds; every snapshot on the way must satisfy {@code invariant}. */
    private ServiceHealth await(String service, String what, Predicate<ServiceHealth> until,
                                Predicate<ServiceHealth> invariant) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        ServiceHealth h = null;
        while (System.nanoTime() < deadline) {
            h = monitor.service(service).orElseThrow();
            assertTrue(invariant.test(h), service + " broke an invariant while waiting for " + what + ": " + h);
            if (until.test(h)) {
                return h;
            }
            Thread.sleep(10);
        }
        return fail(service + " not " + what + " within " + PATIENCE.toSeconds() + " s; last " + h);
    }

    private ServiceHealth await(String service, HealthStatus status) throws InterruptedException {
        return await(service, status.name(), h -> h.status() == status, h -> true);
    }

    private static CheckHealth check(ServiceHealth h) {
        return h.checks().get(0);
    }

    private static String lastMessage(ServiceHealth h) {
        List<dev.vigil.api.check.CheckResult> recent = check(h).recent();
        return recent.get(recent.size() - 1).message();
    }

    @Test
    void aHungServiceIsDownAfterTheThresholdItsDependentBlockedAndBothRecover() throws Exception {
        monitor.bindCheckType(http);
        configure();
        await("db", HealthStatus.UP);
        await("api", HealthStatus.UP);

        db.hung();
        ServiceHealth down = await("db", "DOWN", h -> h.status() == HealthStatus.DOWN,
                h -> h.status() != HealthStatus.DOWN || check(h).consecutiveFailures() >= 2);
        assertTrue(down.cause().startsWith("check http: no answer within 200 ms"), down.cause());
        ServiceHealth blocked = await("api", HealthStatus.DOWN);
        assertEquals("db", blocked.blockedBy());
        assertTrue(blocked.cause().startsWith("dependency db is DOWN (check http: no answer within 200 ms"),
                blocked.cause());
        assertEquals(HealthStatus.UP, check(blocked).status(), "api itself still answers");

        db.healthy();
        ServiceHealth up = await("db", "UP again", h -> h.status() == HealthStatus.UP,
                h -> h.status() == HealthStatus.DOWN || check(h).consecutivePasses() >= 2);
        assertEquals("", up.cause());
        ServiceHealth unblocked = await("api", HealthStatus.UP);
        assertNull(unblocked.blockedBy());

        Map<String, Number> stats = monitor.stats();
        assertTrue(stats.get("checksRun").longValue() > 0, stats.toString());
        assertTrue(stats.get("checksSkipped").longValue() > 0, "a hung run is not stacked: " + stats);
        assertTrue(stats.get("latenessP99Ms").doubleValue() < 100, "checks start on time: " + stats);
        assertEquals(2, stats.get("checksConfigured").intValue(), stats.toString());
    }

    @Test
    void everyServiceIsListedInStartOrderThenTheDaemonItself() throws Exception {
        monitor.bindCheckType(http);
        configure();
        await("api", HealthStatus.UP);
        List<ServiceHealth> all = monitor.all();
        assertEquals(List.of("db", "api", ServiceMonitor.SYSTEM), all.stream().map(ServiceHealth::service).toList());
        ServiceHealth system = all.get(2);
        assertEquals(HealthStatus.UP, system.status(), "no host check types installed here");
        assertEquals("running, no checks", system.cause());
        assertTrue(monitor.service("nosuch").isEmpty());
    }

    @Test
    void aServiceNotRunningIsDownAndItsChecksWait() throws Exception {
        monitor.bindCheckType(http);
        configure();
        await("db", HealthStatus.UP);

        supervisor.notRunning("db", ServiceState.BACKOFF, "exited with code 1, restart in 2s");
        ServiceHealth down = await("db", HealthStatus.DOWN);
        assertEquals("not running: BACKOFF (exited with code 1, restart in 2s)", down.cause());
        ServiceHealth waiting = await("db", "with its check waiting", h -> check(h).status() == HealthStatus.UNKNOWN,
                h -> h.status() == HealthStatus.DOWN);
        assertEquals("not checked: the service is not running", lastMessage(waiting));
        assertEquals("db", await("api", HealthStatus.DOWN).blockedBy());

        supervisor.running("db");
        await("db", HealthStatus.UP);
        await("api", HealthStatus.UP);
    }

    @Test
    void aCheckTypeNotInstalledIsUnknownUntilItIs() throws Exception {
        configure();
        ServiceHealth h = await("db", "told the type is missing",
                s -> !check(s).recent().isEmpty(), s -> s.status() == HealthStatus.UNKNOWN);
        assertEquals("check http: no check type \"http\" installed; drop its bundle into deploy/", h.cause());
        assertEquals(HealthStatus.UNKNOWN, check(h).status());

        monitor.bindCheckType(http);
        h = await("db", HealthStatus.UP);
        assertTrue(lastMessage(h).startsWith("HTTP 200 in "), lastMessage(h));
        await("api", HealthStatus.UP);
    }
}
