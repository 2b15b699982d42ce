package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.port.PortSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code "instances": N}: what the daemon is given to run for a service with copies. */
class InstancesTest {
    private static final String WEB = """
            {"services": {
              "web": {"command": ["web", "--port=${port.http}", "--id=${instance}"], "instances": 3,
                      "env": {"NODE": "node-${instance}"},
                      "ports": {"http": {"preferred": 8001, "range": "8000-8002"}, "metrics": "auto"},
                      "checks": [{"type": "http", "url": "http://127.0.0.1:${port.http}/i/${instance}"}]},
              "proxy": {"command": ["proxy", "--to=${port.web.http}"], "dependsOn": ["web"]}
            }}
            """;

    private static SystemConfig read(ConfigReader reader, String json) throws ConfigException {
        return reader.read("vigil.json", json.getBytes(StandardCharsets.UTF_8), Path.of("/etc/vigil"), "test");
    }

    private static ConfigReader reader() {
        return new ConfigReader(Path.of("/opt/vigil"), Path.of("/opt/jdk/bin/java"), Map.<String, String>of()::get);
    }

    @Test
    void eachCopyIsAServiceWithItsNumberInCommandEnvironmentAndChecks() throws Exception {
        SystemConfig config = read(reader(), WEB);

        assertEquals(List.of("web#1", "web#2", "web#3", "proxy"), List.copyOf(config.services().keySet()));
        ServiceDefinition second = config.services().get("web#2");
        assertEquals(List.of("web", "--port=${port.http}", "--id=2"), second.command());
        assertEquals("node-2", second.env().get("NODE"));
        assertEquals("2", second.env().get("VIGIL_INSTANCE"));
        assertEquals("http://127.0.0.1:${port.http}/i/2", second.checks().get(0).parameters().get("url"));
    }

    @Test
    void copiesPreferSuccessivePortsOfTheRangeWrappingRound() throws Exception {
        SystemConfig config = read(reader(), WEB);

        assertEquals(new PortSpec(8001, 8000, 8002), config.services().get("web#1").ports().get("http"));
        assertEquals(new PortSpec(8002, 8000, 8002), config.services().get("web#2").ports().get("http"));
        assertEquals(new PortSpec(8000, 8000, 8002), config.services().get("web#3").ports().get("http"));
        assertEquals(PortSpec.auto(), config.services().get("web#3").ports().get("metrics"));
    }

    @Test
    void aDependentStillNamesTheServiceAsWritten() throws Exception {
        ServiceDefinition proxy = read(reader(), WEB).services().get("proxy");

        assertEquals(List.of("web"), proxy.dependsOn());
        assertEquals(List.of("proxy", "--to=${port.web.http}"), proxy.command());
        assertTrue(ServiceDefinition.answersTo("web#3", "web"));
        assertEquals("web", ServiceDefinition.groupOf("web#3"));
    }

    @Test
    void oneInstanceIsStillNamedAsACopy() throws Exception {
        SystemConfig config = read(reader(), """
                {"services": {"web": {"command": ["web"], "instances": 1, "ports": {"http": 8000}}}}
                """);

        assertEquals(List.of("web#1"), List.copyOf(config.services().keySet()));
        assertEquals(PortSpec.of(8000), config.services().get("web#1").ports().get("http"));
    }

    @Test
    void scalingReplacesTheWrittenCountAndKeepsTheOtherCopiesAsTheyWere() throws Exception {
        String wide = WEB.replace("8000-8002", "8000-8009");
        SystemConfig three = read(reader(), wide);
        ConfigReader scaling = reader().scaled(Map.of("web", 5));
        SystemConfig five = read(scaling, wide);

        assertEquals(Map.of("web", 3), scaling.instancesWritten());
        assertEquals(List.of("web#1", "web#2", "web#3", "web#4", "web#5", "proxy"),
                List.copyOf(five.services().keySet()));
        for (String kept : List.of("web#1", "web#2", "web#3", "proxy")) {
            assertEquals(three.services().get(kept), five.services().get(kept), kept);
        }
    }

    @Test
    void scalingBeyondTheRangeIsRefusedWithTheFix() {
        ConfigException e = assertThrows(ConfigException.class, () -> read(reader().scaled(Map.of("web", 4)), WEB));

        assertTrue(e.getMessage().contains("services.web.ports.http.range: holds 3 port(s), but 4 instances need"
                + " one each; widen it, e.g. \"8000-8003\""), e.getMessage());
    }

    @Test
    void aServiceBundleMayDependOnAServiceWithCopies() throws Exception {
        SystemConfig file = read(reader(), WEB);
        SystemConfig carried = reader().readServices("bundle.json", """
                {"services": {"cache": {"command": ["cache", "${port.web.http}"], "dependsOn": ["web"]}}}
                """.getBytes(StandardCharsets.UTF_8), Path.of("/opt/vigil"), "bundle:x", file.services());

        assertEquals(List.of("web"), carried.services().get("cache").dependsOn());
    }
}
