package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.RestartPolicy;
import dev.vigil.api.HistorySettings;
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
        assertEquals(ServiceDefinition.DEFAULT_RECOVERY, api.recovery());
        assertEquals(ServiceDefinition.DEFAULT_VERIFY_TIMEOUT, api.verifyTimeout());
        assertTrue(api.autostart());
        assertEquals(file.toAbsolutePath().getParent(), api.workingDir());
        assertEquals(Map.of(), api.ports());
        assertEquals(List.of(), api.dependsOn());
        assertEquals(List.of(), reader.warnings());
    }

    @Test
    void systemHistorySetsTheJournalsRotationAndEachKeyDefaults() throws Exception {
        assertEquals(HistorySettings.DEFAULT, read("{\"services\": {}}").history());
        assertEquals(new HistorySettings(1L << 20, 2, Duration.ofDays(7)), read("""
                {"system": {"history": {"maxSize": "1MiB", "files": 2, "keep": "7d"}}, "services": {}}
                """).history());
        assertEquals(new HistorySettings(HistorySettings.DEFAULT.maxBytes(), 5, Duration.ofHours(12)), read("""
                {"system": {"history": {"keep": "12h"}}, "services": {}}
                """).history());
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
    void aCheckRetriesAtItsOwnRetryIntervalElseTheDefaultsElseItsInterval() throws Exception {
        var checks = read("""
                {"services": {"api": {"command": ["api"], "checks": [
                  {"type": "tcp", "name": "own", "interval": "10s", "retryInterval": "1s"},
                  {"type": "tcp", "name": "plain", "interval": "10s"}]}}}
                """).services().get("api").checks();
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(10)), checks.stream().map(c -> c.retryInterval()).toList());

        checks = read("""
                {"defaults": {"check": {"interval": "5s", "retryInterval": "500ms"}},
                 "services": {"api": {"command": ["api"], "checks": [
                  {"type": "tcp", "name": "own", "retryInterval": "2s"},
                  {"type": "tcp", "name": "inherited", "interval": "30s"}]}}}
                """).services().get("api").checks();
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofMillis(500)), checks.stream().map(c -> c.retryInterval()).toList());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30)), checks.stream().map(c -> c.interval()).toList());
    }

    @Test
    void verifyTimeoutComesFromTheServiceElseDefaultsRecovery() throws Exception {
        SystemConfig config = read("""
                {"defaults": {"recovery": {"verifyTimeout": "45s"}},
                 "services": {"api": {"command": ["api"], "verifyTimeout": "5s"}, "db": {"command": ["db"]}}}
                """);

        assertEquals(Duration.ofSeconds(5), config.services().get("api").verifyTimeout());
        assertEquals(Duration.ofSeconds(45), config.services().get("db").verifyTimeout());
    }

    @Test
    void anEmptyRecoveryListMeansNeverRepairAndAnyNameMayComeFromABundle() throws Exception {
        SystemConfig config = read("""
                {"services": {"api": {"command": ["api"], "recovery": []},
                              "db": {"command": ["db"], "recovery": ["restore-config", "failover", "restart"]}}}
                """);

        assertEquals(List.of(), config.services().get("api").recovery());
        assertEquals(List.of("restore-config", "failover", "restart"), config.services().get("db").recovery());
    }

    @Test
    void aPortOfADependencyIsLeftInPlaceForTheLaunch() throws Exception {
        ServiceDefinition api = read("""
                {"services": {
                  "db.main": {"command": ["db", "${port.sql}"], "ports": {"sql": 5432}},
                  "api": {"command": ["api", "--db=127.0.0.1:${port.db.main.sql}"], "ports": {"http": "auto"},
                          "env": {"DB": "${port.db.main.sql}/${port.http}"}, "dependsOn": ["db.main"],
                          "checks": [{"type": "tcp", "port": "${port.db.main.sql}"}]}
                }}
                """).services().get("api");

        assertEquals(List.of("api", "--db=127.0.0.1:${port.db.main.sql}"), api.command());
        assertEquals(Map.of("DB", "${port.db.main.sql}/${port.http}"), api.env());
        assertEquals("${port.db.main.sql}", api.checks().get(0).parameters().get("port"));
    }

    @Test
    void aServiceBundleMayNameAPortOfAServiceDefinedElsewhereThatItDependsOn() throws Exception {
        SystemConfig file = read("{\"services\": {\"db\": {\"command\": [\"db\"], \"ports\": {\"sql\": 5432}}}}");
        byte[] carried = """
                {"services": {"report": {"command": ["report", "${port.db.sql}"], "dependsOn": ["db"]}}}
                """.getBytes(StandardCharsets.UTF_8);

        SystemConfig bundle = reader.readServices("b!/vigil.json", carried, Path.of("/srv"), "bundle:b", file.services());

        assertEquals(List.of("report", "${port.db.sql}"), bundle.services().get("report").command());
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        assertEquals(Map.of(), read("\uFEFF{\"services\": {}}").services());
    }
}
