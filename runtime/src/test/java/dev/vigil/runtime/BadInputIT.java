package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a user sees when the config or a command is wrong. */
class BadInputIT extends DaemonIT {
    @Test
    void missingConfigFileIsRefusedWithItsName() {
        Path missing = tmp.resolve("nowhere/vigil.json");
        Dist.Result r = dist.vigil("start", "-c", missing.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(missing + ": no such file"), r.err());
        assertFalse(Files.exists(dist.home.resolve("data/vigil.pid")));
        assertEquals(3, dist.vigil("status").code());
    }

    @Test
    void malformedJsonIsRefusedWithFileLineAndWhat() throws Exception {
        Path config = dist.writeConfig("broken.json", "{\n  \"services\": {\n    \"a\": {\"command\": [\"true\"]}\n    \"b\": {}\n  }\n}\n");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(config + ":4:"), r.err());
        assertTrue(r.err().toLowerCase().contains("invalid json"), r.err());
        Dist.Result run = dist.vigil("run", "-c", config.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains(config + ":4:"), run.err());
    }

    @Test
    void unknownDependencyIsRefusedWithASuggestion() throws Exception {
        Path config = dist.writeConfig("deps.json", "{\"services\": {"
                + "\"db\": {\"command\": [\"sleep\", \"100\"]},"
                + "\"api\": {\"command\": [\"sleep\", \"100\"], \"dependsOn\": [\"bd\"]}}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("services.api.dependsOn[0]: unknown service \"bd\"; did you mean \"db\"?"), r.err());
    }

    @Test
    void commandThatDoesNotExistBacksOffWhileTheDaemonKeepsRunning() throws Exception {
        int port = Dist.freePort();
        Path config = dist.writeConfig("ghost.json", "{\"services\": {"
                + "\"ghost\": {\"command\": [\"/no/such/program\", \"--flag\"]},"
                + Dist.demoService("alive", port, "") + "}}");
        Dist.Result start = dist.vigil("start", "-c", config.toString());
        assertEquals(0, start.code(), start.all());
        // The port it got, which is the one asked for unless something took that meanwhile.
        Dist.await(Duration.ofSeconds(30), "alive RUNNING and answering", () -> {
            StatusJson now = StatusJson.of(dist);
            return now.state("alive").equals("RUNNING") && Dist.answers(now.port("alive", "http"));
        });
        Dist.Result status = dist.vigil("status");
        assertTrue(status.code() >= 1, status.out());
        String ghost = status.out().lines().filter(l -> l.startsWith("ghost")).findFirst().orElseThrow();
        assertTrue(ghost.contains("BACKOFF") || ghost.contains("FATAL"), ghost);
        assertTrue(ghost.contains("cannot run /no/such/program (cwd ") && ghost.contains("No such file or directory"), ghost);
        assertEquals(0, dist.vigil("ctl", "vigil:services").code());
        Dist.Result none = dist.vigil("ctl", "vigil:restart", "nobody");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no service named \"nobody\""), none.err());
        assertEquals(1, dist.vigil("ctl", "no-such-command").code());
    }

    @Test
    void unknownCliCommandPrintsUsage() {
        Dist.Result r = dist.vigil("launch");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown command 'launch'") && r.err().contains("usage: vigil"), r.err());
    }
}
