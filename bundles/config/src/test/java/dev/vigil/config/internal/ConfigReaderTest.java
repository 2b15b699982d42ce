package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.RestartPolicy;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.SystemConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configs that are valid: what Vigil makes of them, defaults and placeholders included. */
class ConfigReaderTest {
    private static final Path HOME = Path.of("/opt/vigil");
    private static final Path JAVA = Path.of("/opt/jdk/bin/java");
    private static final Map<String, String> ENV = Map.of("DATA_ROOT", "/srv/data", "EMPTY", "");

    @TempDir
    Path dir;

    private final ConfigReader reader = new ConfigReader(HOME, JAVA, ENV::get);

    private SystemConfig read(String json) throws ConfigException {
        return reader.read("vigil.json", json.getBytes(StandardCharsets.UTF_8), Path.of("/etc/vigil"), "test");
    }

    @Test
    void minimalConfigGetsEveryDefault() throws Exception {
        Path file = dir.resolve("vigil.json");
        Files.writeString(file, """
                {"services": {"api": {"command": ["python3", "app.py"]}}}
                """);

        SystemConfig config = reader.read(file);

        assertEquals("vigil", config.name());
        assertEquals("file:" + file.toAbsolutePath().normalize(), config.source());
        ServiceDefinition api = config.services().get("api");
        assertEquals(List.of("python3", "app.py"), api.command());
        assertEquals(RestartPolicy.DEFAULT, api.restart());
        assertEquals(Duration.ofSeconds(10), api.stopTimeout());
        assertEquals(List.of("restart"), api.recovery());
        assertTrue(api.autostart());
        assertEquals(file.toAbsolutePath().getParent(), api.workingDir());
        assertEquals(Map.of(), api.ports());
        assertEquals(List.of(), api.dependsOn());
        assertEquals(List.of(), reader.warnings());
    }

    @Test
    void emptyServicesIsAValidConfig() throws Exception {
        assertEquals(Map.of(), read("{\"services\": {}}").services());
    }

    @Test
    void relativeWorkingDirectoryIsResolvedAgainstTheConfigFolder() throws Exception {
        Path file = dir.resolve("vigil.json");
        Files.writeString(file, """
                {"services": {"api": {"command": ["./run"], "cwd": "apps/../api"}}}
                """);

        assertEquals(dir.toAbsolutePath().resolve("api"), reader.read(file).services().get("api").workingDir());
    }

    @Test
    void systemDefaultsApplyToEveryServiceAndAServiceOverridesThem() throws Exception {
        SystemConfig config = read("""
                {
                  "system": {"name": "trading"},
                  "defaults": {
                    "restart": {"backoff": "2s..30s", "maxRestarts": 3, "window": "5m", "stableAfter": "1m"},
                    "stopTimeout": "5s"
                  },
                  "services": {
                    "api": {"command": ["api"], "restart": {"maxRestarts": 9}, "stopTimeout": "500ms"},
                    "db": {"command": ["db"], "autostart": false, "recovery": ["evict-squatter", "restart"]}
                  }
                }
                """);

        assertEquals("trading", config.name());
        ServiceDefinition api = config.services().get("api");
        ServiceDefinition db = config.services().get("db");
        RestartPolicy base = new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), 3,
                Duration.ofMinutes(5), Duration.ofMinutes(1));
        assertEquals(base, db.restart());
        assertEquals(new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), 9,
                Duration.ofMinutes(5), Duration.ofMinutes(1)), api.restart());
        assertEquals(Duration.ofMillis(500), api.stopTimeout());
        assertEquals(Duration.ofSeconds(5), db.stopTimeout());
        assertFalse(db.autostart());
        assertEquals(List.of("evict-squatter", "restart"), db.recovery());
    }

    @Test
    void placeholdersAreExpandedInCommandAndEnvironmentButPortsWaitForTheStart() throws Exception {
        SystemConfig config = read("""
                {"services": {"api": {
                  "command": ["${vigil.java}", "-jar", "${vigil.home}/lib/api.jar", "--port=${port.http}",
                              "${env:DATA_ROOT}", "${env:NOT_SET:-/tmp}", "${env:EMPTY:-fallback}", "plain"],
                  "ports": {"http": 8000, "admin": 8001},
                  "env": {"DATA": "${env:DATA_ROOT}/api", "ADMIN": "${port.admin}"}
                }}}
                """);

        ServiceDefinition api = config.services().get("api");
        assertEquals(List.of(JAVA.toString(), "-jar", HOME + "/lib/api.jar", "--port=${port.http}",
                "/srv/data", "/tmp", "fallback", "plain"), api.command());
        assertEquals(Map.of("DATA", "/srv/data/api", "ADMIN", "${port.admin}"), api.env());
        assertEquals(Map.of("http", PortSpec.of(8000), "admin", PortSpec.of(8001)), api.ports());
    }

    @Test
    void anEnvironmentValueIsUsedVerbatimEvenWhenItLooksLikeAPlaceholder() throws Exception {
        ConfigReader tricky = new ConfigReader(HOME, JAVA, Map.of("X", "${vigil.home}$1\\")::get);
        SystemConfig config = tricky.read("vigil.json",
                "{\"services\": {\"a\": {\"command\": [\"${env:X}\"]}}}".getBytes(StandardCharsets.UTF_8),
                Path.of("/"), "test");

        assertEquals(List.of("${vigil.home}$1\\"), config.services().get("a").command());
    }

    @Test
    void servicesComeInStartOrderWithDependenciesFirst() throws Exception {
        SystemConfig config = read("""
                {"services": {
                  "api":   {"command": ["api"], "dependsOn": ["cache", "db"]},
                  "web":   {"command": ["web"], "dependsOn": ["api"]},
                  "cache": {"command": ["cache"], "dependsOn": ["db"]},
                  "db":    {"command": ["db"]},
                  "tools": {"command": ["tools"]}
                }}
                """);

        List<String> order = config.startOrder().stream().map(ServiceDefinition::name).toList();
        assertEquals(List.of("db", "cache", "api", "web", "tools"), order);
        assertEquals(List.of("cache", "db"), config.services().get("api").dependsOn());
    }

    @Test
    void checksKeepTheirTypeAndParameters() throws Exception {
        SystemConfig config = read("""
                {"services": {"api": {"command": ["api"],
                  "checks": [{"type": "http", "url": "http://127.0.0.1/", "expect": 200}, {"type": "process"}]}}}
                """);

        var checks = config.services().get("api").checks();
        assertEquals(List.of("http", "process"), checks.stream().map(c -> c.type()).toList());
        assertEquals("http://127.0.0.1/", checks.get(0).parameters().get("url"));
        assertEquals(new java.math.BigDecimal("200"), checks.get(0).parameters().get("expect"), "numbers stay numbers");
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        assertEquals(Map.of(), read("\uFEFF{\"services\": {}}").services());
    }
}
