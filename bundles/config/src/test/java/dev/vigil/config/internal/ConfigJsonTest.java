package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code vigil:config show}: ports and checks as the config writes them, so that what is shown reads back the same. */
class ConfigJsonTest {
    private final ConfigReader reader = new ConfigReader(Path.of("/opt/vigil"), Path.of("/opt/jdk/bin/java"),
            Map.<String, String>of()::get);

    private SystemConfig read(String json) throws ConfigException {
        return reader.read("vigil.json", json.getBytes(StandardCharsets.UTF_8), Path.of("/etc/vigil"), "test");
    }

    @Test
    void portsAndChecksAreShownAsTheyAreSet() throws Exception {
        SystemConfig config = read("""
                {"services": {"api": {"command": ["api", "${port.http}"],
                  "ports": {"http": 8000, "admin": "auto", "debug": {"preferred": 9000, "range": "9000-9010"}},
                  "checks": [{"type": "http", "url": "http://127.0.0.1:${port.http}/", "expect": 200,
                              "interval": "5s", "failureThreshold": 2, "critical": false},
                             {"type": "process"}]}}}
                """);

        JsonObject api = JsonParser.parseString(ConfigJson.of(config)).getAsJsonObject()
                .getAsJsonObject("services").getAsJsonObject("api");

        assertEquals(JsonParser.parseString("{\"admin\": \"auto\", \"debug\": {\"preferred\": 9000, \"range\":"
                + " \"9000-9010\"}, \"http\": 8000}"), api.get("ports"));
        JsonObject http = api.getAsJsonArray("checks").get(0).getAsJsonObject();
        assertEquals("http", http.get("type").getAsString());
        assertEquals("http://127.0.0.1:${port.http}/", http.get("url").getAsString());
        assertEquals(200, http.get("expect").getAsInt());
        assertEquals("5s", http.get("interval").getAsString());
        assertEquals(2, http.get("failureThreshold").getAsInt());
        assertEquals(false, http.get("critical").getAsBoolean());
        assertEquals("1s", http.get("timeout").getAsString(), "defaults filled in");
        assertEquals("process", api.getAsJsonArray("checks").get(1).getAsJsonObject().get("type").getAsString());
    }

    @Test
    void whatIsShownReadsBackToTheSameServices() throws Exception {
        SystemConfig config = read("""
                {"services": {"api": {"command": ["api", "${port.http}"],
                  "ports": {"http": {"range": "8000-8099"}, "admin": 7000},
                  "checks": [{"type": "tcp", "port": "${port.http}", "retryInterval": "500ms", "startPeriod": "3s"}]}}}
                """);
        JsonObject shown = JsonParser.parseString(ConfigJson.of(config)).getAsJsonObject().getAsJsonObject("services")
                .getAsJsonObject("api");
        JsonObject again = new JsonObject();
        JsonObject api = new JsonObject();
        api.add("command", shown.get("command"));
        api.add("ports", shown.get("ports"));
        api.add("checks", shown.get("checks"));
        JsonObject services = new JsonObject();
        services.add("api", api);
        again.add("services", services);

        ServiceDefinition before = config.services().get("api");
        ServiceDefinition after = read(again.toString()).services().get("api");
        assertEquals(before.ports(), after.ports());
        assertEquals(before.checks(), after.checks());
    }
}
