package dev.vigil.status.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.SystemStatus;
import dev.vigil.api.status.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON of `vigil status --json` and GET /status. */
class StatusJsonTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private static ServiceStatus running(String name, long pid, Duration up) {
        return new ServiceStatus(name, ServiceState.RUNNING, pid, NOW.minus(up), 0, null, "started pid " + pid,
                "file:/etc/vigil/vigil.json", Map.of("http", 8000));
    }

    private static ServiceStatus down(String name, ServiceState state, int restarts, Integer lastExit, String message) {
        return new ServiceStatus(name, state, -1, null, restarts, lastExit, message, "file:/etc/vigil/vigil.json",
                Map.of());
    }

    private static String report(Verdict verdict, ServiceStatus... services) {
        List<ServiceEntry> entries = Arrays.stream(services).map(s -> new ServiceEntry(s, null, null, null, verdict))
                .toList();
        return StatusJson.status(new SystemStatus(verdict, NOW, entries, List.of(), null));
    }

    private static String report(ServiceStatus... services) {
        return report(Verdict.PASS, services);
    }

    @Test
    void everyCheckIsThereWithItsRecentResults() {
        CheckResult r = new CheckResult(HealthStatus.UP, "200 OK", Duration.ofMillis(3), NOW, Map.of());
        ServiceHealth h = new ServiceHealth("api", HealthStatus.UP, "", null, NOW,
                List.of(new CheckHealth("http", "http", HealthStatus.UP, true, 0, 4, List.of(r))));
        String json = StatusJson.status(new SystemStatus(Verdict.PASS, NOW,
                List.of(new ServiceEntry(running("api", 7, Duration.ofSeconds(5)), h, null, null, Verdict.PASS)),
                List.of(), null));
        JsonObject check = JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("services").get(0)
                .getAsJsonObject().getAsJsonArray("checks").get(0).getAsJsonObject();
        assertEquals("http", check.get("name").getAsString());
        assertEquals("UP", check.get("status").getAsString());
        assertEquals(3.0, check.getAsJsonArray("recent").get(0).getAsJsonObject().get("latencyMillis").getAsDouble());
    }

    @Test
    void jsonParsesAndCarriesTheVerdictAndEveryService() {
        String json = report(Verdict.FAIL, running("api", 101, Duration.ofSeconds(90)),
                down("db", ServiceState.FATAL, 5, 137, "exited with signal 9 (code 137); gave up"));

        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        assertEquals("fail", root.get("status").getAsString());
        JsonArray services = root.getAsJsonArray("services");
        assertEquals(2, services.size());

        JsonObject api = services.get(0).getAsJsonObject();
        assertEquals("api", api.get("name").getAsString());
        assertEquals("RUNNING", api.get("state").getAsString());
        assertEquals(101, api.get("pid").getAsLong());
        assertEquals(90, api.get("uptimeSeconds").getAsLong());
        assertEquals(0, api.get("restarts").getAsInt());
        assertTrue(api.get("lastExit").isJsonNull());
        assertEquals("file:/etc/vigil/vigil.json", api.get("origin").getAsString());

        JsonObject db = services.get(1).getAsJsonObject();
        assertEquals("FATAL", db.get("state").getAsString());
        assertTrue(db.get("pid").isJsonNull(), "no process, no pid");
        assertTrue(db.get("uptimeSeconds").isJsonNull());
        assertEquals(137, db.get("lastExit").getAsInt());
        assertEquals(5, db.get("restarts").getAsInt());
        assertEquals("exited with signal 9 (code 137); gave up", db.get("message").getAsString());
    }

    @Test
    void jsonStatusIsPassOrWarnToo() {
        assertEquals("pass", status(report(running("api", 1, Duration.ZERO))));
        assertEquals("warn", status(report(Verdict.WARN, down("api", ServiceState.STOPPED, 0, null, "stopped"))));
        assertEquals("pass", status(report()));
    }

    private static String status(String report) {
        return JsonParser.parseString(report).getAsJsonObject().get("status").getAsString();
    }

}
