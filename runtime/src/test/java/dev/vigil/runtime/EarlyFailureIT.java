package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Services that fail in the first instant of {@code vigil start}, while the daemon's later
 * start levels (monitor, check types, coordinator, strategies) may still be coming up: the
 * failure still meets its restart strategy, as it would an hour later.
 */
class EarlyFailureIT extends DaemonIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String RESTART = "\"restart\": {\"backoff\": \"100ms..1s\", \"maxRestarts\": 5, \"window\": \"1m\"}";

    private JsonObject service(String name) {
        JsonObject s = StatusJson.of(dist).service(name);
        if (s == null) {
            throw new AssertionError("no service " + name + " in vigil status --json");
        }
        return s;
    }

    @Test
    void aServiceThatExitsAtOnceIsRestartedAndThenRuns() throws Exception {
        // Exits 3 on its first run, runs on the next: only a restart makes it RUNNING.
        Path marker = tmp.resolve("ran-once");
        Path config = dist.writeConfig("early.json", "{\"services\": {\"crasher\": {\"command\": [\"sh\", \"-c\","
                + " \"if [ -e \\\"$0\\\" ]; then exec sleep 600; fi; : > \\\"$0\\\"; exit 3\", \"" + marker + "\"], "
                + RESTART + "}}}");

        Dist.Result start = dist.vigil("start", "-c", config.toString());
        assertEquals(0, start.code(), start.all());

        Dist.await(DEADLINE, "crasher restarted and RUNNING", () -> "RUNNING".equals(StatusJson.of(dist).state("crasher"))
                && service("crasher").get("restarts").getAsInt() >= 1);
        assertTrue(Files.exists(marker), "the first run never happened");
        JsonObject crasher = service("crasher");
        assertEquals(1, crasher.get("restarts").getAsInt(), crasher.toString());
        assertEquals(3, crasher.get("lastExit").getAsInt(), crasher.toString());
    }

    @Test
    void aServiceWhoseFirstCheckFailsIsRestartedForIt() throws Exception {
        // It never binds its port: its tcp check fails from the first run, and each restart fails the same way.
        Path config = dist.writeConfig("early.json", "{\"services\": {\"deaf\": {\"command\": [\"sleep\", \"600\"],"
                + " \"ports\": {\"tcp\": " + Dist.freePort() + "}, \"verifyTimeout\": \"2s\","
                + " \"checks\": [{\"type\": \"tcp\", \"interval\": \"200ms\", \"retryInterval\": \"100ms\","
                + " \"timeout\": \"200ms\", \"failureThreshold\": 2}], " + RESTART + "}}}");

        Dist.Result start = dist.vigil("start", "-c", config.toString());
        assertEquals(0, start.code(), start.all());

        Dist.await(DEADLINE, "deaf restarted for its failing check",
                () -> service("deaf").get("restarts").getAsInt() >= 1);
        Dist.Result history = dist.vigil("history", "deaf");
        assertTrue(history.out().lines().anyMatch(l -> l.contains("RESTART") && l.contains("check tcp")), history.all());
    }
}
