package dev.vigil.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.api.RestartPolicy;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One supervised service with real, short processes; states are read through status(). */
class ServiceProcessTest {
    private static final RestartPolicy QUICK = new RestartPolicy(Duration.ofMillis(10), Duration.ofMillis(20), 2,
            Duration.ofMinutes(10), Duration.ofSeconds(10));

    @TempDir
    Path dir;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<ServiceState> seen = new CopyOnWriteArrayList<>();
    private ServiceProcess service;

    @BeforeEach
    void needsAShell() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the test services are small sh scripts");
    }

    @AfterEach
    void cleanUp() {
        if (service != null) {
            service.stop();
        }
        timers.shutdownNow();
    }

    private ServiceProcess service(RestartPolicy restart, Map<String, Integer> ports, String... command) {
        Map<String, PortSpec> specs = new java.util.LinkedHashMap<>();
        ports.forEach((name, port) -> specs.put(name, PortSpec.of(port)));
        ServiceDefinition def = new ServiceDefinition("api", List.of(command), dir, Map.of("GREETING", "hello"),
                specs, List.of(), List.of(), List.of("restart"), restart, Duration.ofSeconds(5), true, "test");
        // Ports as asked for; the allocator that checks them is the ports bundle's business.
        service = new ServiceProcess(def, dir.resolve("logs"), timers, Clock.systemUTC(),
                d -> ports, (before, after) -> seen.add(after.state()));
        return service;
    }

    private ServiceStatus await(ServiceState state) throws InterruptedException {
        return await(state.name(), s -> s.state() == state);
    }

    private ServiceStatus await(String what, Predicate<ServiceStatus> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ServiceStatus s = service.status();
            if (condition.test(s)) {
                return s;
            }
            Thread.sleep(10); // polls for a condition; returns as soon as it holds
        }
        throw new AssertionError("expected " + what + ", still " + service.status() + " after " + seen);
    }

    private String log() throws Exception {
        return Files.readString(dir.resolve("logs").resolve("api.log"));
    }

    @Test
    void aServiceThatStaysUpIsRunningAndStopsOnRequest() throws Exception {
        service(QUICK, Map.of(), "sleep", "100").start();
        ServiceStatus starting = service.status();
        assertEquals(ServiceState.STARTING, starting.state());
        assertTrue(starting.pid() > 0);

        ServiceStatus running = await(ServiceState.RUNNING); // after ServiceProcess.START_GRACE
        assertEquals(starting.pid(), running.pid());
        assertTrue(running.started().isPresent());

        service.stop();

        ServiceStatus stopped = service.status();
        assertEquals(ServiceState.STOPPED, stopped.state());
        assertEquals(-1, stopped.pid());
        assertEquals(143, stopped.lastExit());
        assertEquals("stopped (exit 143)", stopped.message());
        assertFalse(ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of(ServiceState.STARTING, ServiceState.RUNNING, ServiceState.STOPPED), seen);
        assertEquals(0, stopped.restarts());
    }

    @Test
    void startingAgainWhileStartingStillReachesRunning() throws Exception {
        service(QUICK, Map.of(), "sleep", "100").start();
        long pid = service.status().pid();

        service.start();

        assertEquals(pid, await(ServiceState.RUNNING).pid(), "the same process, not a second one");
    }

    @Test
    void aServiceThatKeepsCrashingIsRestartedThenGivenUp() throws Exception {
        service(QUICK, Map.of(), "sh", "-c", "echo \"$GREETING from $VIGIL_SERVICE\"; exit 3").start();

        ServiceStatus fatal = await(ServiceState.FATAL);

        assertEquals(2, fatal.restarts());
        assertEquals(3, fatal.lastExit());
        assertEquals(-1, fatal.pid());
        assertTrue(fatal.message().startsWith("exited with code 3 after "), fatal.message());
        assertTrue(fatal.message().endsWith("; gave up after 2 restarts within 10m"), fatal.message());
        assertEquals("hello from api\n".repeat(3), log(), "three runs, all logged");
    }

    @Test
    void aServiceLearnsItsPortsFromItsEnvironmentAndCommand() throws Exception {
        RestartPolicy never = new RestartPolicy(Duration.ZERO, Duration.ZERO, 0, Duration.ofMinutes(1),
                Duration.ofSeconds(1));
        service(never, Map.of("http_api", 8123), "sh", "-c", "echo $PORT $VIGIL_PORT_HTTP_API ${port.http_api}").start();

        await(ServiceState.FATAL);

        assertEquals("8123 8123 8123\n", log(), "environment, and ${port.NAME} filled in the command");
    }

    @Test
    void aProgramThatCannotRunIsReportedWithTheReason() throws Exception {
        RestartPolicy never = new RestartPolicy(Duration.ZERO, Duration.ZERO, 0, Duration.ofMinutes(1),
                Duration.ofSeconds(1));
        service(never, Map.of(), "/nonexistent/program").start();

        ServiceStatus fatal = service.status();

        assertEquals(ServiceState.FATAL, fatal.state());
        assertNull(fatal.lastExit());
        assertEquals("cannot run /nonexistent/program (cwd " + dir + "): error=2, No such file or directory;"
                + " gave up after 0 restarts within 1m", fatal.message());
    }

    @Test
    void stoppingABackingOffServiceCancelsItsRestart() throws Exception {
        RestartPolicy slow = new RestartPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), 5, Duration.ofMinutes(10),
                Duration.ofSeconds(10));
        service(slow, Map.of(), "sh", "-c", "exit 1").start();
        // The first restart is immediate, the second waits a minute.
        ServiceStatus backoff = await("a second backoff", s -> s.restarts() == 1 && s.state() == ServiceState.BACKOFF);
        assertTrue(backoff.message().endsWith("; restart in 60000 ms"), backoff.message());

        service.stop();

        assertEquals(ServiceState.STOPPED, service.status().state());
        assertEquals("stopped", service.status().message());
    }
}
