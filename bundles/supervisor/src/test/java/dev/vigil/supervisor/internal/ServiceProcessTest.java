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
    @TempDir
    Path dir;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExitWatch exitWatch = new ExitWatch();
    private LogPump logs;
    private final List<ServiceState> seen = new CopyOnWriteArrayList<>();
    private final List<ServiceProcess.Exit> exits = new CopyOnWriteArrayList<>();
    private ServiceProcess service;
    private StateFile state;
    // Its own per test JVM: a stop ends whatever carries the service's marker, another run's processes too.
    private static final String INSTALLATION = "test-installation-" + ProcessHandle.current().pid();

    @BeforeEach
    void needsAShell() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "the test services are small sh scripts");
        logs = new LogPump(dir.resolve("pipes"), dir.resolve("logs"));
    }

    @AfterEach
    void cleanUp() {
        if (service != null) {
            service.stop(false);
        }
        if (state != null) {
            state.close(); // its writer saves no more into the folder about to be deleted
        }
        timers.shutdownNow();
        logs.close();
        exitWatch.close();
    }

    private ServiceProcess service(Map<String, Integer> ports, String... command) {
        return service(Duration.ofSeconds(5), d -> ports, command);
    }

    private ServiceProcess service(Duration stopTimeout, ServiceProcess.PortSource ports, String... command) {
        return service(null, stopTimeout, ports, command);
    }

    private ServiceProcess service(String user, Duration stopTimeout, ServiceProcess.PortSource ports,
                                   String... command) {
        ServiceDefinition def = new ServiceDefinition("api", List.of(command), dir, Map.of("GREETING", "hello"),
                Map.of("http_api", PortSpec.of(8123)), List.of(), List.of(), List.of("restart"),
                Duration.ofSeconds(5), RestartPolicy.DEFAULT, stopTimeout, true, "test", user, null,
                dev.vigil.api.LogPolicy.DEFAULT);
        // Ports as asked for; the allocator that checks them is the ports bundle's business.
        ServiceProcess.Surroundings around;
        try {
            if (state == null) {
                state = new StateFile(dir.resolve("services.json"), INSTALLATION);
            }
            around = new ServiceProcess.Surroundings(logs.sink("api", def.log()), state,
                    new StaleCopies(Path.of("/proc"), INSTALLATION));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        service = new ServiceProcess(def, around, timers, Clock.systemUTC(), ports,
                new Launcher(INSTALLATION, other -> Map.of(), exitWatch), new ServiceProcess.Listener() {
                    @Override
                    public void stateChanged(ServiceStatus before, ServiceStatus after, boolean operator) {
                        seen.add(after.state());
                    }

                    @Override
                    public void exited(ServiceStatus after, ServiceProcess.Exit exit) {
                        exits.add(exit);
                    }
                });
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
        logs.sink("api", dev.vigil.api.LogPolicy.DEFAULT).drain(); // what is still in the pipe
        return Files.readString(dir.resolve("logs").resolve("api.log"));
    }

    @Test
    void aServiceThatStaysUpIsRunningAndStopsOnRequest() throws Exception {
        service(Map.of(), "sleep", "100").start(true);
        ServiceStatus starting = service.status();
        assertEquals(ServiceState.STARTING, starting.state());
        assertTrue(starting.pid() > 0);

        ServiceStatus running = await(ServiceState.RUNNING); // after ServiceProcess.START_GRACE
        assertEquals(starting.pid(), running.pid());
        assertTrue(running.started().isPresent());

        service.stop(true);

        ServiceStatus stopped = service.status();
        assertEquals(ServiceState.STOPPED, stopped.state());
        assertEquals(-1, stopped.pid());
        assertEquals(143, stopped.lastExit());
        assertEquals("stopped (exit 143)", stopped.message());
        assertFalse(ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of(ServiceState.STOPPED, ServiceState.STARTING, ServiceState.RUNNING, ServiceState.RUNNING, ServiceState.STOPPED),
                seen, "the operator's start and stop are posted before what follows them");
        assertEquals(0, stopped.restarts());
        assertTrue(exits.get(0).expected());
        assertEquals(15, exits.get(0).signal());
    }

    @Test
    void aServiceRunsAsItsUserOrFailsSayingWhyNot() throws Exception {
        boolean root = LibC.C.geteuid() == 0;
        // The service's directory must be reachable by the user the service runs as.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        service("nobody", Duration.ofSeconds(5), d -> Map.of(), "sleep", "100").start(true);
        if (root) {
            ServiceStatus up = await(ServiceState.RUNNING);
            String status = Files.readString(Path.of("/proc", Long.toString(up.pid()), "status"));
            String uid = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
            assertEquals(String.valueOf(LibC.C.getpwnam("nobody").getInt(16)), uid);
        } else {
            ServiceStatus failed = await(ServiceState.BACKOFF);
            assertTrue(failed.message().contains("only root can switch users"), failed.message());
        }
    }

    @Test
    void startingAgainWhileStartingStillReachesRunning() throws Exception {
        service(Map.of(), "sleep", "100").start(true);
        long pid = service.status().pid();

        service.start(true);

        assertEquals(pid, await(ServiceState.RUNNING).pid(), "the same process, not a second one");
    }

    @Test
    void aCrashIsReportedAndNeverRestartedByTheSupervisor() throws Exception {
        service(Map.of(), "sh", "-c", "echo \"$GREETING from $VIGIL_SERVICE\"; exit 3").start(false);

        ServiceStatus crashed = await(ServiceState.BACKOFF);
        await("the exit reported", s -> !exits.isEmpty());

        ServiceProcess.Exit exit = exits.get(0);
        assertEquals(3, exit.exitCode());
        assertFalse(exit.expected());
        assertFalse(exit.portConflict());
        assertTrue(crashed.message().matches("exited \\(code 3\\) (just now|\\d+s ago), after \\d+ms up"),
                crashed.message());
        Thread.sleep(1500); // nothing may happen by itself: the supervisor never decides to restart
        assertEquals(1, exits.size());
        assertEquals(0, service.status().restarts());
        assertEquals("hello from api\n", log());
    }

    @Test
    void aRelaunchCountsARestartAndKeepsTheServiceWanted() throws Exception {
        service(Map.of(), "sh", "-c", "echo run; exit 3").start(false);
        await(ServiceState.BACKOFF);

        ServiceStatus after = service.relaunch(Duration.ofMillis(200), "exited with code 3");

        assertEquals(1, after.restarts());
        await("the second exit", s -> exits.size() == 2);
        assertEquals("run\nrun\n", log());
        assertTrue(seen.contains(ServiceState.BACKOFF));
    }

    @Test
    void aRestartAfterACrashSaysWhatHappenedAndWhen() throws Exception {
        // Killed by SIGKILL the first time, runs the second.
        service(Map.of(), "sh", "-c", "if [ -f ran ]; then exec sleep 100; else touch ran; kill -9 $$; fi").start(false);
        await(ServiceState.BACKOFF);
        assertTrue(service.status().message().startsWith("crashed (signal 9) "), service.status().message());

        service.relaunch(Duration.ZERO, "exited with signal 9");

        ServiceStatus running = await(ServiceState.RUNNING);
        assertTrue(running.message().matches("crashed \\(signal 9\\) (just now|\\d+s ago), restarted"),
                running.message());
    }

    @Test
    void aRestartOfARunningProcessSaysWhy() throws Exception {
        service(Map.of(), "sleep", "100").start(false);
        await(ServiceState.RUNNING);

        service.relaunch(Duration.ZERO, "check http: connection refused");

        ServiceStatus running = await(ServiceState.RUNNING);
        assertTrue(running.message().matches("restarted (just now|\\d+s ago) \\(check http: connection refused\\)"),
                running.message());
    }

    @Test
    void anOperatorStopAbandonsARelaunchThatIsWaiting() throws Exception {
        service(Map.of(), "sh", "-c", "exit 1").start(false);
        await(ServiceState.BACKOFF);
        Thread waiter = new Thread(() -> service.relaunch(Duration.ofMinutes(5), "exited"));
        waiter.start();
        await("the backoff shown", s -> s.message().matches("exited \\(code 1\\) .*; restart in (5m|4m\\d+s)"));

        service.stop(true);
        waiter.join(10_000);

        assertFalse(waiter.isAlive(), "the relaunch gave up at once");
        assertEquals(ServiceState.STOPPED, service.status().state());
        assertEquals(0, service.status().restarts());
    }

    @Test
    void givingUpStopsWhatRunsAndIsFatalUntilAnOperatorStartsIt() throws Exception {
        service(Map.of(), "sleep", "100").start(false);
        long pid = await(ServiceState.RUNNING).pid();

        ServiceStatus fatal = service.giveUp("hung; gave up after 5 restarts within 10m");

        assertEquals(ServiceState.FATAL, fatal.state());
        assertEquals("hung; gave up after 5 restarts within 10m", fatal.message());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(exits.get(0).expected());

        service.start(true);
        assertTrue(await(ServiceState.RUNNING).pid() > 0);
    }

    @Test
    void aGiveUpThatComesAfterAnOperatorStopLeavesTheServiceStopped() throws Exception {
        service(Map.of(), "sleep", "100").start(false);
        long pid = await(ServiceState.RUNNING).pid();
        service.stop(true);

        ServiceStatus after = service.giveUp("unhealthy; still failing after 3 recovery passes (restart)");

        assertEquals(ServiceState.STOPPED, after.state());
        assertEquals(ServiceState.STOPPED, service.status().state());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        service.start(true);
        assertTrue(await(ServiceState.RUNNING).pid() > 0);
    }

    @Test
    void aStoppedProcessIsContinuedSoItsTermIsDeliveredAtOnce() throws Exception {
        // A minute of stop timeout: only a SIGTERM delivered now ends it with 143 instead of SIGKILL's 137.
        service(Duration.ofMinutes(1), d -> Map.of(), "sleep", "100").start(false);
        long pid = await(ServiceState.RUNNING).pid();
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
        await("the process stopped", s -> Signals.stopped(pid));

        service.stop(true);

        assertEquals(143, service.status().lastExit());
    }

    @Test
    void aServiceLearnsItsPortsAndItsMarkerFromItsEnvironmentAndCommand() throws Exception {
        service(Map.of("http_api", 8123), "sh", "-c",
                "echo $PORT $VIGIL_PORT_HTTP_API ${port.http_api} $VIGIL_SERVICE $VIGIL_INSTALLATION").start(false);

        await(ServiceState.BACKOFF);

        assertEquals("8123 8123 8123 api " + INSTALLATION + "\n", log(), "environment, and ${port.NAME} filled in the command");
    }

    @Test
    void aProgramThatCannotRunIsReportedWithTheReason() throws Exception {
        service(Map.of(), "/nonexistent/program").start(false);

        ServiceStatus failed = service.status();

        assertEquals(ServiceState.BACKOFF, failed.state());
        assertNull(failed.lastExit());
        assertEquals("cannot run /nonexistent/program (cwd " + dir + "): No such file or directory",
                failed.message());
        assertEquals(-1, exits.get(0).pid());
    }

    @Test
    void aTakenPortFailsTheLaunchAsAPortConflict() throws Exception {
        service(Duration.ofSeconds(5), d -> {
            throw new dev.vigil.api.port.PortConflictException("api", "http_api", 8123, null);
        }, "sleep", "100").start(false);

        ServiceProcess.Exit exit = exits.get(0);
        assertTrue(exit.portConflict());
        assertEquals("http_api", exit.port());
        assertEquals(ServiceState.BACKOFF, service.status().state());
        assertTrue(service.status().message().startsWith("port api.http_api (8123) is taken by"));
    }

    @Test
    void aProcessDyingOfAnAddressInUseIsAPortConflict() throws Exception {
        service(Map.of(), "sh", "-c", "echo 'OSError: [Errno 98] Address already in use'; exit 1").start(false);

        await("the exit reported", s -> !exits.isEmpty());

        assertTrue(exits.get(0).portConflict());
    }
}
