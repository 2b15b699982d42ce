package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health as a user sees it through bin/vigil: a hung service (SIGSTOP) turns DOWN after
 * its failure threshold and UP again after its success threshold; a service whose
 * dependency is DOWN is reported DOWN for it and left running.
 */
class HealthIT extends DaemonIT {
    private static final String TCP_CHECK = "\"checks\": [{\"type\": \"tcp\", \"interval\": \"200ms\", \"timeout\": \"300ms\","
            + " \"failureThreshold\": 2}]";

    HealthCli cli;

    @BeforeEach
    void connectCli() {
        cli = new HealthCli(dist);
    }

    private void start(String services) throws Exception {
        Path config = dist.writeConfig("health.json", "{\"services\": {" + services + "}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
    }

    @Test
    void hungServiceTurnsDownAfterItsThresholdAndUpAgainAfterItsPasses() throws Exception {
        start(Dist.demoService("web", Dist.freePort(), "\"checks\": [{\"type\": \"http\","
                + " \"url\": \"http://127.0.0.1:${port.http}/health\", \"interval\": \"200ms\", \"timeout\": \"300ms\","
                + " \"failureThreshold\": 3, \"successThreshold\": 2, \"startPeriod\": \"0s\"}],"
                // Watched, never repaired: the health is what this test is about.
                + " \"recovery\": []"));
        cli.awaitHealth(Duration.ofSeconds(15), "web", "UP");
        long pid = StatusJson.of(dist).pid("web");
        assertTrue(pid > 0);

        Instant frozen = Instant.now();
        HealthCli.signal(pid, "STOP");
        try {
            HealthCli.Event down = cli.awaitHealthEvent(Duration.ofSeconds(10), "web", "UP", "DOWN", frozen);
            assertTrue(down.props().contains("cause=check http: "), down.line());

            Dist.Result status = dist.vigil("status");
            assertEquals(2, status.code(), "status while web is DOWN:\n" + status.all());
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith("web ") && l.contains(" DOWN ")), status.out());
            HealthCli.Check http = cli.check("web", "http");
            assertEquals("DOWN", http.status(), http.toString());
            assertTrue(http.failures() >= 3, http.toString());
            assertTrue(http.lastResult().contains("DOWN"), http.toString());
            assertEquals(pid, StatusJson.of(dist).pid("web"), "the hung process is still the one supervised");
        } finally {
            HealthCli.signal(pid, "CONT");
        }
        Instant resumed = Instant.now();
        HealthCli.Event up = cli.awaitHealthEvent(Duration.ofSeconds(10), "web", "DOWN", "UP", resumed);
        HealthCli.Check http = cli.check("web", "http");
        assertEquals("UP", http.status(), http.toString());
        assertTrue(http.passes() >= 2, http.toString());
        StatusJson after = StatusJson.of(dist);
        assertEquals("UP", cli.health("web"), after.toString());
        assertEquals(pid, after.pid("web"), "recovered by itself, not restarted: " + after);
        // Not 0: the host's own entry ("system") may be DEGRADED on a busy machine.
        assertTrue(after.code < 2, after.toString());
    }

    @Test
    void serviceWhoseDependencyIsDownIsReportedDownAndLeftRunning() throws Exception {
        start(Dist.demoService("a", Dist.freePort(), TCP_CHECK) + ", "
                + Dist.demoService("b", Dist.freePort(), TCP_CHECK + ", \"dependsOn\": [\"a\"]"));
        cli.awaitHealth(Duration.ofSeconds(15), "a", "UP");
        cli.awaitHealth(Duration.ofSeconds(15), "b", "UP");
        // Health can be UP within the first second, while the process still counts as STARTING.
        Dist.await(Duration.ofSeconds(10), "b RUNNING", () -> StatusJson.of(dist).state("b").equals("RUNNING"));
        StatusJson before = StatusJson.of(dist);
        long pidB = before.pid("b");
        // On a loaded machine b's first process may be slower to listen than its verify timeout
        // and be restarted once at its start; what counts is that a's stop restarts nothing.
        int restartsB = before.service("b").get("restarts").getAsInt();

        Instant stopped = Instant.now();
        String stop = cli.ctl("vigil:stop", "a");
        assertTrue(stop.startsWith("a: STOPPED"), stop);
        HealthCli.Event down = cli.awaitHealthEvent(Duration.ofSeconds(10), "b", "UP", "DOWN", stopped);
        assertTrue(down.props().contains("blockedBy=a") && down.props().contains("cause=dependency a is DOWN ("),
                down.line());

        StatusJson status = StatusJson.of(dist);
        assertEquals(2, status.code, status.toString());
        var b = status.service("b");
        assertEquals("DOWN", b.get("health").getAsString(), status.toString());
        assertTrue(b.get("healthCause").getAsString().startsWith("dependency a is DOWN ("), status.toString());
        assertEquals("RUNNING", status.state("b"), status.toString());
        assertEquals(pidB, status.pid("b"), status.toString());
        assertEquals(restartsB, b.get("restarts").getAsInt(), status.toString());
        assertTrue(cli.ctl("vigil:health").lines()
                .anyMatch(l -> l.startsWith("b ") && l.contains("DOWN") && l.contains("dependency a is DOWN")));
        // b's own check still passes: the cause is a, not b.
        assertEquals("UP", cli.check("b", "tcp").status());

        // A while later b is still the same process: nothing restarted it for a's sake.
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < until) {
            StatusJson s = StatusJson.of(dist);
            assertEquals(pidB, s.pid("b"), s.toString());
            assertEquals("RUNNING", s.state("b"), s.toString());
        }
        assertTrue(ProcessHandle.of(pidB).map(ProcessHandle::isAlive).orElse(false));

        Instant restarted = Instant.now();
        cli.ctl("vigil:start", "a");
        cli.awaitHealthEvent(Duration.ofSeconds(15), "b", "DOWN", "UP", restarted);
        assertEquals(pidB, StatusJson.of(dist).pid("b"));
    }
}
