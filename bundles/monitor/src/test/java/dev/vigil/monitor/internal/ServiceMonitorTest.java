package dev.vigil.monitor.internal;

import static dev.vigil.monitor.internal.ScriptedCheck.Answer.DOWN;
import static dev.vigil.monitor.internal.ScriptedCheck.Answer.HANG;
import static dev.vigil.monitor.internal.ScriptedCheck.Answer.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.api.CheckSpec;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.RestartPolicy;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.ServiceState;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.Topics;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckObserver;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.ServiceHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The monitor in-process, wired as the DS runtime would wire it, with a check type whose
 * answers the test sets and a supervisor whose services are in the state the test says, so
 * that no process is launched and no network is used.
 */
class ServiceMonitorTest {
    /** Long enough for a few 100 ms check rounds on a busy build machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    /** An interval no test outlasts: a check with it runs only when something else makes it. */
    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration OFTEN = Duration.ofMillis(100);

    private final ServiceMonitor monitor = new ServiceMonitor();
    private final FixedSupervisor supervisor = new FixedSupervisor();
    private final ScriptedCheck scripted = new ScriptedCheck();
    private final List<Event> posted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void wire() {
        monitor.bindSupervisor(supervisor);
        monitor.bindEvents(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        });
        supervisor.running("db");
        supervisor.running("api");
        monitor.activate();
    }

    @AfterEach
    void unwire() {
        monitor.deactivate();
    }

    private static CheckSpec check(String target, Duration interval, Duration retry, int failures, int passes,
                                   Map<String, Object> more) {
        Map<String, Object> params = new HashMap<>(more);
        params.put("target", target);
        return new CheckSpec("scripted", "scripted", interval, retry, Duration.ofMillis(200), failures, passes,
                Duration.ZERO, true, params);
    }

    private static CheckSpec check(String target, Duration interval, Duration retry, int failures, int passes) {
        return check(target, interval, retry, failures, passes, Map.of());
    }

    private static ServiceDefinition service(String name, List<String> dependsOn, CheckSpec check) {
        return new ServiceDefinition(name, List.of("/usr/bin/" + name), Path.of("."), Map.of(), Map.of(), List.of(check),
                dependsOn, List.of(), ServiceDefinition.DEFAULT_VERIFY_TIMEOUT, RestartPolicy.DEFAULT,
                Duration.ofSeconds(1), true, "test");
    }

    /** db, and api depending on it, with these checks. */
    private void configure(CheckSpec dbCheck, CheckSpec apiCheck) {
        Map<String, ServiceDefinition> services = new LinkedHashMap<>();
        services.put("db", service("db", List.of(), dbCheck));
        services.put("api", service("api", List.of("db"), apiCheck));
        monitor.bindConfig(new SystemConfig("shop", "test", services, List.of()));
    }

    /** db and api checked every 100 ms, DOWN after 2 failures, UP again after 2 passes. */
    private void configure() {
        configure(check("db", OFTEN, OFTEN, 2, 2), check("api", OFTEN, OFTEN, 2, 2));
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

    private static void await(String what, BooleanSupplier until) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!until.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within " + PATIENCE.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }

    private static CheckHealth check(ServiceHealth h) {
        return h.checks().get(0);
    }

    private static String lastMessage(ServiceHealth h) {
        List<dev.vigil.api.check.CheckResult> recent = check(h).recent();
        return recent.get(recent.size() - 1).message();
    }

    private static Event stateChange(String service, long pid, ServiceState from, ServiceState to) {
        return new Event(Topics.SERVICE_STATE, Map.of(Topics.SERVICE, service, Topics.PID, pid,
                Topics.FROM, from.name(), Topics.TO, to.name()));
    }

    @Test
    void aHungServiceIsDownAfterTheThresholdItsDependentBlockedAndBothRecover() throws Exception {
        monitor.bindCheckType(scripted);
        configure();
        await("db", HealthStatus.UP);
        await("api", HealthStatus.UP);

        scripted.answer("db", HANG);
        ServiceHealth down = await("db", "DOWN", h -> h.status() == HealthStatus.DOWN,
                h -> h.status() != HealthStatus.DOWN || check(h).consecutiveFailures() >= 2);
        assertEquals("check scripted: no result within 200 ms", down.cause());
        ServiceHealth blocked = await("api", HealthStatus.DOWN);
        assertEquals("db", blocked.blockedBy());
        assertEquals("dependency db is DOWN (check scripted: no result within 200 ms)", blocked.cause());
        assertEquals(HealthStatus.UP, check(blocked).status(), "api itself still answers");
        assertTrue(posted.stream().anyMatch(e -> e.getTopic().equals(Topics.HEALTH_CHANGED)
                && "db".equals(e.getProperty(Topics.SERVICE)) && "DOWN".equals(e.getProperty(Topics.TO))), posted::toString);

        scripted.answer("db", UP);
        ServiceHealth up = await("db", "UP again", h -> h.status() == HealthStatus.UP,
                h -> h.status() == HealthStatus.DOWN || check(h).consecutivePasses() >= 2);
        assertEquals("", up.cause());
        ServiceHealth unblocked = await("api", HealthStatus.UP);
        assertNull(unblocked.blockedBy());

        Map<String, Number> stats = monitor.stats();
        assertTrue(stats.get("checksRun").longValue() > 0, stats.toString());
        assertTrue(stats.get("checksSkipped").longValue() > 0, "a hung run is not stacked: " + stats);
        assertTrue(stats.get("latenessMaxMs").doubleValue() >= 0, stats.toString());
        assertEquals(2, stats.get("checksConfigured").intValue(), stats.toString());
    }

    @Test
    void everyServiceIsListedInStartOrderThenTheDaemonItself() throws Exception {
        monitor.bindCheckType(scripted);
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
        monitor.bindCheckType(scripted);
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
        assertEquals("check scripted: no check type \"scripted\" installed; drop its bundle into deploy/", h.cause());
        assertEquals(HealthStatus.UNKNOWN, check(h).status());

        monitor.bindCheckType(scripted);
        h = await("db", HealthStatus.UP);
        assertEquals("answered", lastMessage(h));
        await("api", HealthStatus.UP);
    }

    @Test
    void afterAFailureTheNextRunComesAfterTheRetryIntervalAndAfterAPassAfterTheInterval() throws Exception {
        monitor.bindCheckType(scripted);
        scripted.answer("db", DOWN);
        configure(check("db", NEVER, Duration.ofMillis(50), 3, 1), check("api", NEVER, NEVER, 1, 1));
        monitor.recheck("db");

        // Three runs within the deadline can only come from the retry interval: the interval is an hour.
        ServiceHealth down = await("db", HealthStatus.DOWN);
        assertTrue(check(down).consecutiveFailures() >= 3, down.toString());

        scripted.answer("db", UP);
        await("db", HealthStatus.UP);
        int runs = scripted.runs("db");
        Thread.sleep(500); // ten retry intervals
        assertEquals(runs, scripted.runs("db"), "after a pass the check waits its interval again");
    }

    @Test
    void recheckRunsEveryCheckOfThatServiceAtOnceAndTheCadenceGoesOnFromThere() throws Exception {
        monitor.bindCheckType(scripted);
        configure(check("db", NEVER, NEVER, 1, 1), check("api", NEVER, NEVER, 1, 1));

        monitor.recheck("db");
        await("db", HealthStatus.UP);
        assertEquals(1, scripted.runs("db"));
        monitor.recheck("db");
        await("a second run of db's check", () -> scripted.runs("db") == 2);
        monitor.recheck("nosuch");

        assertEquals(0, scripted.runs("api"), "api's check waits for its own due time");
        assertEquals(HealthStatus.UNKNOWN, check(monitor.service("api").orElseThrow()).status());
    }

    @Test
    void aNewProcessStartsItsChecksOverAtOnceAndIsCheckedAsSoonAsItIsUp() throws Exception {
        monitor.bindCheckType(scripted);
        scripted.answer("db", DOWN);
        configure(check("db", NEVER, NEVER, 1, 1), check("api", NEVER, NEVER, 1, 1));
        monitor.recheck("db");
        await("db", HealthStatus.DOWN);

        supervisor.running("db", 4242, Map.of());
        scripted.answer("db", UP);
        monitor.handleEvent(stateChange("db", 4242, ServiceState.BACKOFF, ServiceState.STARTING));

        ServiceHealth fresh = monitor.service("db").orElseThrow();
        assertNotEquals(HealthStatus.DOWN, fresh.status(), "the old process's DOWN is forgotten at once: " + fresh);
        assertEquals(0, check(fresh).consecutiveFailures());
        monitor.recheck("db"); // as recovery does when it verifies a restart
        await("db", HealthStatus.UP);
        List<CheckRequest> requests = scripted.requests("db");
        assertEquals(4242, requests.get(requests.size() - 1).pid());
        assertNull(monitor.service("api").orElseThrow().blockedBy(), "its dependent is no longer blocked");

        monitor.handleEvent(stateChange("db", 4242, ServiceState.STARTING, ServiceState.RUNNING));
        assertEquals(1, check(monitor.service("db").orElseThrow()).consecutivePasses(), "the same process goes on");
    }

    @Test
    void aRunAboutTheOldProcessThatEndsAfterTheNewOneStartedIsNotCounted() throws Exception {
        monitor.bindCheckType(scripted);
        scripted.answer("db", HANG);
        configure(check("db", NEVER, NEVER, 1, 1), check("api", NEVER, NEVER, 1, 1));
        monitor.recheck("db");
        await("a run of db's check", () -> scripted.runs("db") == 1);

        supervisor.running("db", 4243, Map.of());
        scripted.answer("db", UP);
        monitor.handleEvent(stateChange("db", 4243, ServiceState.BACKOFF, ServiceState.STARTING));
        monitor.recheck("db");

        // The hung run times out after the new process started: its failure is not the new process's.
        await("db", "UP", h -> h.status() == HealthStatus.UP, h -> h.status() != HealthStatus.DOWN);
        assertEquals(2, scripted.runs("db"), "the new process was checked once the old run ended");
        assertTrue(posted.stream().noneMatch(e -> "db".equals(e.getProperty(Topics.SERVICE))
                && "DOWN".equals(e.getProperty(Topics.TO))), posted::toString);
    }

    @Test
    void portsOfTheServiceAndOfAnotherAreFilledIntoTheParameters() throws Exception {
        monitor.bindCheckType(scripted);
        supervisor.running("db", 101, Map.of("sql", 5432));
        supervisor.running("api", 102, Map.of("http", 8080));
        configure(check("db", NEVER, NEVER, 1, 1), check("api", NEVER, NEVER, 1, 1, Map.of(
                "url", "http://127.0.0.1:${port.http}/?db=${port.db.sql}&none=${port.db.nope}",
                "also", List.of("${port.db.sql}", Map.of("nested", "${port.nosuch.x}")))));

        monitor.recheck("api");
        await("a run of api's check", () -> scripted.runs("api") == 1);

        CheckRequest request = scripted.requests("api").get(0);
        assertEquals("http://127.0.0.1:8080/?db=5432&none=${port.db.nope}", request.parameters().required("url"));
        assertEquals(List.of("5432", Map.of("nested", "${port.nosuch.x}")), request.parameters().values().get("also"));
        assertEquals(Map.of("http", 8080), request.ports());
    }

    @Test
    void portsAreFilledAgainWhenTheyChangeAndParametersWithoutThemArePassedAsGiven() throws Exception {
        monitor.bindCheckType(scripted);
        supervisor.running("db", 101, Map.of("sql", 5432));
        supervisor.running("api", 102, Map.of("http", 8080));
        configure(check("db", NEVER, NEVER, 1, 1, Map.of("url", "http://127.0.0.1:9/plain")),
                check("api", NEVER, NEVER, 1, 1, Map.of("url", "http://127.0.0.1:${port.db.sql}/")));

        monitor.recheck("api");
        await("a run of api's check", () -> scripted.runs("api") == 1);
        supervisor.running("db", 103, Map.of("sql", 5433)); // db restarted on another port
        monitor.recheck("api");
        await("a second run of api's check", () -> scripted.runs("api") == 2);
        monitor.recheck("api");
        await("a third run of api's check", () -> scripted.runs("api") == 3);

        List<CheckRequest> api = scripted.requests("api");
        assertEquals("http://127.0.0.1:5432/", api.get(0).parameters().required("url"));
        assertEquals("http://127.0.0.1:5433/", api.get(1).parameters().required("url"));
        assertEquals("http://127.0.0.1:5433/", api.get(2).parameters().required("url"));

        monitor.recheck("db");
        await("a run of db's check", () -> scripted.runs("db") == 1);
        monitor.recheck("db");
        await("a second run of db's check", () -> scripted.runs("db") == 2);
        for (CheckRequest r : scripted.requests("db")) {
            assertEquals(Map.of("url", "http://127.0.0.1:9/plain", "target", "db"), r.parameters().values());
        }
    }

    /** What an observer was told, one line per result: service/check/type STATUS. */
    private static final class Recording implements CheckObserver {
        final List<String> told = new CopyOnWriteArrayList<>();

        @Override
        public void checked(String service, String check, String type, CheckResult result) {
            told.add(service + "/" + check + "/" + type + " " + result.status());
        }
    }

    @Test
    void observersAreToldEveryResultAndOneThatThrowsStopsNeitherTheOthersNorTheChecks() throws Exception {
        Recording recording = new Recording();
        monitor.bindObserver((service, check, type, result) -> {
            throw new IllegalStateException("an observer's bug");
        });
        monitor.bindObserver(recording);
        monitor.bindCheckType(scripted);
        configure();
        await("db", HealthStatus.UP);
        scripted.answer("db", DOWN);
        await("db", HealthStatus.DOWN);

        await("db's failures told", () -> recording.told.contains("db/scripted/scripted DOWN"));
        assertTrue(recording.told.contains("db/scripted/scripted UP"), recording.told::toString);
        assertTrue(recording.told.contains("api/scripted/scripted UP"), recording.told::toString);
        assertEquals(0L, monitor.stats().get("observerDropped"));
    }

    @Test
    void anObserverThatHangsDelaysNoCheckAndNoVerdictAndIsToldInOrderOnceItAnswers() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        List<String> told = new CopyOnWriteArrayList<>();
        monitor.bindObserver((service, check, type, result) -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (service.equals("db")) {
                told.add(result.status().name());
            }
        });
        monitor.bindCheckType(scripted);
        configure();
        await("db", HealthStatus.UP);
        assertTrue(entered.await(PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));

        // The observer holds its thread; the checks go on at their pace and the verdict follows them.
        int before = scripted.runs("db");
        await("ten more runs of db's check", () -> scripted.runs("db") >= before + 10);
        scripted.answer("db", DOWN);
        await("db", HealthStatus.DOWN);
        scripted.answer("db", UP);
        await("db", HealthStatus.UP);

        release.countDown();
        await("db's DOWN results told", () -> told.contains("DOWN"));
        await("db's UP results after them told", () -> told.lastIndexOf("UP") > told.indexOf("DOWN"));
        assertTrue(told.indexOf("UP") < told.indexOf("DOWN"), "told in the order the runs ended: " + told);
    }
}
