package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.journal.Journal;
import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.journal.RecoveryRecord.Outcome;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.recovery.RecoveryCoordinator;
import dev.vigil.api.recovery.RecoveryStrategy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery coordinator and every shipped strategy in a real Felix with the built
 * bundles, wired to the real supervisor, monitor, ports and journal, on real processes and
 * sockets. Each test breaks a service the way it breaks in production and waits (with a
 * generous deadline) for the repair the journal then records.
 */
class RecoveryIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private InFramework vigil;

    @AfterEach
    void shutdown() {
        if (vigil != null) {
            vigil.close();
        }
    }

    /** The demo HTTP service with a quick http check, its port given as {@code portJson}. */
    static String web(String name, String portJson, String extra) {
        return "\"" + name + "\": {\"command\": [\"${vigil.java}\", \"-XX:+UseSerialGC\", \"-Xmx16m\","
                + " \"-XX:TieredStopAtLevel=1\", \"-cp\", \"${vigil.home}/lib/vigil-runtime.jar\","
                + " \"dev.vigil.demo.DemoService\", \"" + name + "\", \"${port.http}\"],"
                + " \"ports\": {\"http\": " + portJson + "}, \"stopTimeout\": \"3s\","
                + " \"checks\": [{\"type\": \"http\", \"url\": \"http://127.0.0.1:${port.http}/health\","
                + " \"interval\": \"250ms\", \"retryInterval\": \"100ms\", \"timeout\": \"200ms\", \"failureThreshold\": 2}],"
                + " \"restart\": {\"backoff\": \"100ms..1s\", \"maxRestarts\": 5, \"window\": \"1m\"}"
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private void boot(String... services) throws Exception {
        vigil = InFramework.boot(tmp, "{\"services\": {" + String.join(", ", services) + "}}");
    }

    private ServiceStatus status(String name) throws InterruptedException {
        return vigil.service(Supervisor.class).service(name).orElseThrow();
    }

    private ServiceStatus awaitStatus(String name, String what, Predicate<ServiceStatus> condition) throws Exception {
        Supervisor s = vigil.service(Supervisor.class);
        Dist.await(DEADLINE, name + " " + what, () -> condition.test(s.service(name).orElseThrow()));
        return s.service(name).orElseThrow();
    }

    private ServiceStatus awaitHealthy(String name) throws Exception {
        HealthMonitor m = vigil.service(HealthMonitor.class);
        Supervisor s = vigil.service(Supervisor.class);
        Dist.await(DEADLINE, name + " running and UP", () -> s.service(name).orElseThrow().state() == ServiceState.RUNNING
                && m.service(name).map(h -> h.status() == dev.vigil.api.HealthStatus.UP).orElse(false));
        return s.service(name).orElseThrow();
    }

    private List<RecoveryRecord> awaitAttempt(String service, Predicate<RecoveryRecord> which) throws Exception {
        Journal j = vigil.service(Journal.class);
        Dist.await(DEADLINE, "a recovery attempt of " + service, () -> j.recoveries(service, 100).stream().anyMatch(which));
        return j.recoveries(service, 100);
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void aKilledServiceIsRestartedAndTheAttemptRecordedAsRecovered() throws Exception {
        boot(web("web", Integer.toString(Dist.freePort()), ""));
        long pid = awaitHealthy("web").pid();

        signal("KILL", pid);

        List<RecoveryRecord> attempts = awaitAttempt("web", r -> r.outcome() == Outcome.RECOVERED);
        RecoveryRecord r = attempts.get(attempts.size() - 1);
        assertEquals(FailureKind.CRASHED, r.kind());
        assertEquals("restart", r.strategy());
        assertTrue(r.detail().contains("verified healthy"), r.detail());
        assertEquals(1, attempts.stream().filter(a -> a.outcome() != Outcome.SKIPPED).count(), attempts.toString());
        ServiceStatus now = awaitHealthy("web");
        assertNotEquals(pid, now.pid());
        assertEquals(1, now.restarts());
        assertTrue(Dist.answers(now.ports().get("http")));
    }

    @Test
    void aHungServiceIsRestartedAndTheStoppedProcessIsGone() throws Exception {
        boot(web("web", Integer.toString(Dist.freePort()), ""));
        long pid = awaitHealthy("web").pid();

        signal("STOP", pid);

        List<RecoveryRecord> attempts = awaitAttempt("web", r -> r.outcome() == Outcome.RECOVERED);
        RecoveryRecord r = attempts.get(attempts.size() - 1);
        assertEquals(FailureKind.UNHEALTHY, r.kind());
        assertEquals("restart", r.strategy());
        ServiceStatus now = awaitHealthy("web");
        assertNotEquals(pid, now.pid());
        Dist.await(Duration.ofSeconds(10), "the stopped process gone", () -> !alive(pid));
    }

    @Test
    void aServiceSlowToStartIsNotTakenForHungBeforeItsVerifyTimeout() throws Exception {
        // Seen in CI: a JVM binding its port after its quick check had failed twice was restarted at once.
        boot("\"slow\": {\"command\": [\"sh\", \"-c\", \"sleep 2; exec \\\"$0\\\" -cp \\\"$1\\\""
                + " dev.vigil.demo.DemoService slow $PORT\", \"${vigil.java}\", \"${vigil.home}/lib/vigil-runtime.jar\"],"
                + " \"ports\": {\"http\": " + Dist.freePort() + "}, \"verifyTimeout\": \"30s\","
                + " \"checks\": [{\"type\": \"tcp\", \"interval\": \"200ms\", \"timeout\": \"300ms\", \"failureThreshold\": 2}]}");
        HealthMonitor m = vigil.service(HealthMonitor.class);
        Dist.await(DEADLINE, "slow DOWN while it starts", () -> m.service("slow")
                .map(h -> h.status() == dev.vigil.api.HealthStatus.DOWN).orElse(false));

        ServiceStatus up = awaitHealthy("slow");

        assertEquals(0, up.restarts(), "it was given its verify timeout to come up");
        assertTrue(vigil.service(Journal.class).recoveries("slow", 10).isEmpty());
    }

    @Test
    void aCrashLoopBacksOffMoreEachTimeThenGoesFatalWithTheReason() throws Exception {
        boot("\"loop\": {\"command\": [\"sh\", \"-c\", \"exit 7\"], \"restart\": {\"backoff\": \"100ms..2s\","
                + " \"maxRestarts\": 4, \"window\": \"10m\"}, \"verifyTimeout\": \"5s\"}");

        ServiceStatus fatal = awaitStatus("loop", "FATAL", s -> s.state() == ServiceState.FATAL);

        assertEquals(4, fatal.restarts());
        assertTrue(fatal.message().contains("exited with code 7"), fatal.message());
        assertTrue(fatal.message().endsWith("gave up after 4 restarts within 10m"), fatal.message());
        Journal journal = vigil.service(Journal.class);
        // The service is FATAL the moment the strategy gives up; the attempt is recorded right after.
        Dist.await(DEADLINE, "the giving up in the journal", () -> {
            List<RecoveryRecord> all = journal.recoveries("loop", 100);
            return !all.isEmpty() && all.get(all.size() - 1).outcome() == Outcome.GAVE_UP;
        });
        List<RecoveryRecord> attempts = journal.recoveries("loop", 100);
        Pattern after = Pattern.compile("restarted after (\\d+) ms");
        List<Long> delays = attempts.stream().map(a -> after.matcher(a.detail())).filter(Matcher::find)
                .map(m -> Long.parseLong(m.group(1))).toList();
        assertEquals(4, delays.size(), attempts.toString());
        for (int i = 1; i < delays.size(); i++) {
            assertTrue(delays.get(i) > delays.get(i - 1), "the backoff grows: " + delays);
        }
        assertTrue(delays.get(1) >= 100, "no restart comes sooner than the 100 ms minimum: " + delays);
    }

    @Test
    void aForeignProcessOnThePortMovesTheServiceWithinItsRangeAndIsLeftAlone() throws Exception {
        int low = Dist.freePort();
        String range = "{\"preferred\": " + low + ", \"range\": \"" + low + "-" + (low + 20) + "\"}";
        boot(web("web", range, ""));
        ServiceStatus first = awaitHealthy("web");
        assertEquals(low, first.ports().get("http"));
        vigil.service(Supervisor.class).stop("web");

        try (ForeignListener intruder = ForeignListener.start(vigil.dist.home, low)) {
            vigil.service(Supervisor.class).start("web");

            List<RecoveryRecord> attempts = awaitAttempt("web", r -> r.outcome() == Outcome.RECOVERED);
            RecoveryRecord r = attempts.get(attempts.size() - 1);
            assertEquals(FailureKind.PORT_CONFLICT, r.kind());
            assertEquals("reassign-port", r.strategy());
            assertTrue(attempts.stream().anyMatch(a -> a.strategy().equals("evict-squatter")
                    && a.outcome() == Outcome.SKIPPED && a.detail().contains("pid " + intruder.pid())),
                    "evict-squatter names the holder and passes: " + attempts);
            int moved = awaitHealthy("web").ports().get("http");
            assertTrue(moved > low && moved <= low + 20, "moved within its range: " + moved);
            assertTrue(intruder.process.isAlive(), "the intruder is untouched");
        }
    }

    @Test
    void aStaleCopyOfTheServiceIsEvictedAndTheServiceIsBackOnItsOwnPort() throws Exception {
        int port = Dist.freePort();
        boot(web("web", Integer.toString(port), ""));
        ServiceStatus first = awaitHealthy("web");
        Map<String, String> marker = marker(first.pid());
        vigil.service(Supervisor.class).stop("web");

        // What a daemon killed with -9 leaves behind: a copy of web with Vigil's marker, on web's port.
        try (ForeignListener stale = ForeignListener.start(vigil.dist.home, "web", port, marker)) {
            vigil.service(Supervisor.class).start("web");

            List<RecoveryRecord> attempts = awaitAttempt("web", r -> r.outcome() == Outcome.RECOVERED);
            assertEquals("evict-squatter", attempts.get(attempts.size() - 1).strategy());
            Dist.await(Duration.ofSeconds(10), "the stale copy gone", () -> !stale.process.isAlive());
            assertEquals(port, awaitHealthy("web").ports().get("http"), "back on its own port");
        }
    }

    @Test
    void aForeignProcessWithTheSameCommandButNoMarkerIsNeverKilled() throws Exception {
        int port = Dist.freePort();
        boot(web("web", Integer.toString(port), ""));
        awaitHealthy("web");
        vigil.service(Supervisor.class).stop("web");

        try (ForeignListener lookalike = ForeignListener.start(vigil.dist.home, "web", port, Map.of())) {
            vigil.service(Supervisor.class).start("web");

            awaitAttempt("web", r -> r.outcome() == Outcome.RECOVERED);
            assertTrue(lookalike.process.isAlive(), "a process without the marker is never signalled");
            assertNotEquals(port, awaitHealthy("web").ports().get("http"));
        }
    }

    @Test
    void aHungDependencyIsRepairedAndItsDependentKeepsItsPid() throws Exception {
        boot(web("db", Integer.toString(Dist.freePort()), ""),
                web("api", Integer.toString(Dist.freePort()), "\"dependsOn\": [\"db\"]"));
        long db = awaitHealthy("db").pid();
        long api = awaitHealthy("api").pid();

        signal("STOP", db);

        awaitAttempt("db", r -> r.outcome() == Outcome.RECOVERED);
        awaitHealthy("db");
        assertEquals(api, awaitHealthy("api").pid(), "the dependent was not restarted for its dependency");
        assertTrue(vigil.service(Journal.class).recoveries("api", 100).isEmpty());
    }

    @Test
    void aDependentReferringToThePortOfItsDependencyFollowsItToItsNewPort() throws Exception {
        int low = Dist.freePort();
        String range = "{\"preferred\": " + low + ", \"range\": \"" + low + "-" + (low + 20) + "\"}";
        String client = "\"client\": {\"command\": [\"sh\", \"-c\", \"echo db at $DB_PORT; exec sleep 1000\"],"
                + " \"env\": {\"DB_PORT\": \"${port.db.http}\"}, \"dependsOn\": [\"db\"]}";
        boot(web("db", range, ""), client);
        awaitHealthy("db");
        awaitStatus("client", "RUNNING", s -> s.state() == ServiceState.RUNNING);
        Path log = vigil.dist.home.resolve("logs/client.log");
        assertTrue(Files.readString(log).contains("db at " + low));
        vigil.service(Supervisor.class).stop("db");

        try (ForeignListener intruder = ForeignListener.start(vigil.dist.home, low)) {
            vigil.service(Supervisor.class).start("db");

            int moved = awaitAttempt("db", r -> r.outcome() == Outcome.RECOVERED).isEmpty() ? 0
                    : awaitHealthy("db").ports().get("http");
            assertNotEquals(low, moved);
            awaitAttempt("client", r -> r.outcome() == Outcome.RECOVERED && r.strategy().equals("reassign-port"));
            Dist.await(DEADLINE, "the client restarted with db's new port", () -> {
                try {
                    return Files.readString(log, StandardCharsets.UTF_8).contains("db at " + moved);
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void anInvalidConfigChangeIsRefusedAndRecordedAsARestoreOfTheLastKnownGood() throws Exception {
        boot(web("web", Integer.toString(Dist.freePort()), ""));
        long pid = awaitHealthy("web").pid();

        Files.writeString(vigil.dist.home.resolve("config/test.json"), "{\"services\": {\"web\": {\"command\": []}}}");

        List<RecoveryRecord> attempts = awaitAttempt("system", r -> r.strategy().equals("restore-config"));
        RecoveryRecord r = attempts.get(attempts.size() - 1);
        assertEquals(FailureKind.CONFIG_INVALID, r.kind());
        assertEquals(Outcome.RECOVERED, r.outcome());
        assertTrue(r.detail().contains("services.web.command"), "the rejected file's errors: " + r.detail());
        assertEquals(pid, status("web").pid(), "the running config stays");
    }

    @Test
    void aStrategyThatIsNotInstalledIsSkippedAndTheNextOneRepairs() throws Exception {
        boot(web("web", Integer.toString(Dist.freePort()), "\"recovery\": [\"page-someone\", \"restart\"]"));
        long pid = awaitHealthy("web").pid();

        signal("KILL", pid);

        List<RecoveryRecord> attempts = awaitAttempt("web", r -> r.outcome() == Outcome.RECOVERED);
        assertTrue(attempts.stream().anyMatch(a -> a.strategy().equals("page-someone") && a.outcome() == Outcome.SKIPPED
                && a.detail().startsWith("not installed")), attempts.toString());
        assertEquals("restart", attempts.get(attempts.size() - 1).strategy());
    }

    @Test
    void aSweepFindsWhatIsBrokenRepairsItAndSaysAllIsHealthy() throws Exception {
        boot(web("web", Integer.toString(Dist.freePort()), ""));
        Supervisor s = vigil.service(Supervisor.class);
        awaitHealthy("web");
        vigil.service(dev.vigil.api.recovery.ServiceControl.class).giveUp("web", "given up by the test");
        assertEquals(ServiceState.FATAL, status("web").state());

        RecoveryCoordinator.Sweep sweep = vigil.service(RecoveryCoordinator.class).sweep(DEADLINE);

        assertEquals(1, sweep.found().size(), sweep.toString());
        assertTrue(sweep.unhealthy().isEmpty(), sweep.toString());
        assertFalse(sweep.timedOut());
        assertEquals(Outcome.RECOVERED, sweep.attempts().get(sweep.attempts().size() - 1).outcome());
        awaitStatus("web", "RUNNING", st -> st.state() == ServiceState.RUNNING);
    }

    @Test
    void everyShippedStrategyIsInstalled() throws Exception {
        boot(web("web", Integer.toString(Dist.freePort()), ""));
        vigil.service(RecoveryStrategy.class);
        List<String> shipped = List.of("evict-squatter", "reassign-port", "restart", "restore-config");
        Dist.await(DEADLINE, "every shipped strategy registered", () -> strategyNames().equals(shipped));
    }

    private List<String> strategyNames() {
        try {
            return vigil.context.getServiceReferences(RecoveryStrategy.class, null).stream()
                    .map(ref -> (String) ref.getProperty(RecoveryStrategy.NAME_PROPERTY)).sorted().toList();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Vigil's marker, as it is in the environment of one of its services. */
    private static Map<String, String> marker(long pid) throws Exception {
        String environ = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                StandardCharsets.UTF_8);
        Map<String, String> out = new java.util.HashMap<>();
        for (String e : environ.split("\0")) {
            if (e.startsWith("VIGIL_SERVICE=") || e.startsWith("VIGIL_INSTALLATION=")) {
                out.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
            }
        }
        assertEquals(2, out.size(), "the service's environment carries Vigil's marker");
        return out;
    }
}
