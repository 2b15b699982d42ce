package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil status}'s verdict and exit code, as a script sees them through bin/vigil:
 * stopped on purpose is not broken (warn, exit 1); DOWN or FATAL is (fail, exit 2).
 */
class StatusVerdictIT extends DaemonIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private void start(String... services) throws IOException {
        java.nio.file.Path config = dist.writeConfig("verdict.json",
                "{\"services\": {" + String.join(", ", services) + "}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
    }

    private StatusJson await(String what, java.util.function.Predicate<StatusJson> condition) throws InterruptedException {
        try {
            Dist.await(DEADLINE, what, () -> condition.test(StatusJson.of(dist)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + StatusJson.of(dist), e);
        }
        return StatusJson.of(dist);
    }

    private static boolean up(StatusJson s, String name) {
        return s.state(name).equals("RUNNING") && s.health(name).equals("UP");
    }

    /** The text form returns the same exit code as the JSON one: both render one status. */
    private void assertTextExits(int code) {
        Dist.Result text = dist.vigil("status");
        assertEquals(code, text.code(), text.all());
    }

    @Test
    void allHealthyPassesAndAServiceStoppedByAnOperatorWarns() throws Exception {
        start(RecoveryCliIT.web("api", Integer.toString(Dist.freePort()), ""),
                RecoveryCliIT.web("feed", Integer.toString(Dist.freePort()), ""));
        StatusJson healthy = await("api and feed UP", s -> up(s, "api") && up(s, "feed"));
        assertEquals(0, healthy.code, healthy.toString());
        assertEquals("pass", healthy.verdict(), healthy.toString());
        assertTextExits(0);

        Dist.Result stop = dist.vigil("ctl", "vigil:stop", "feed");
        assertEquals(0, stop.code(), stop.all());
        StatusJson stopped = await("feed STOPPED", s -> s.state("feed").equals("STOPPED"));
        // The monitor says DOWN (no process), yet an operator's stop is not a failure.
        Dist.await(DEADLINE, "feed's health settled", () -> StatusJson.of(dist).health("feed").equals("DOWN"));
        stopped = StatusJson.of(dist);
        assertEquals(1, stopped.code, stopped.toString());
        assertEquals("warn", stopped.verdict(), stopped.toString());
        assertTrue(up(stopped, "api"), stopped.toString());
        assertTextExits(1);
        Dist.Result table = dist.vigil("ctl", "vigil:status");
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("feed") && l.contains("STOPPED")), table.all());
    }

    @Test
    void aNeverStartedServiceWarnsAndACrashLoopThatGoesFatalFails() throws Exception {
        start(RecoveryCliIT.web("api", Integer.toString(Dist.freePort()), ""),
                RecoveryCliIT.web("spare", Integer.toString(Dist.freePort()), "\"autostart\": false"),
                "\"loop\": {\"command\": [\"sh\", \"-c\", \"exit 1\"], \"autostart\": false,"
                        + " \"restart\": {\"backoff\": \"100ms..200ms\", \"maxRestarts\": 2, \"window\": \"10m\"}}");
        StatusJson idle = await("api UP, spare and loop never started",
                s -> up(s, "api") && s.state("spare").equals("STOPPED") && s.state("loop").equals("STOPPED"));
        assertEquals(1, idle.code, idle.toString());
        assertEquals("warn", idle.verdict(), idle.toString());
        assertTextExits(1);

        Dist.Result go = dist.vigil("ctl", "vigil:start", "loop");
        assertEquals(0, go.code(), go.all());
        StatusJson fatal = await("loop FATAL", s -> s.state("loop").equals("FATAL"));
        assertEquals(2, fatal.code, fatal.toString());
        assertEquals("fail", fatal.verdict(), fatal.toString());
        assertTextExits(2);
    }
}
