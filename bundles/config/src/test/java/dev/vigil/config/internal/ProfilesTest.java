package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.port.PortSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile ({@code vigil.prod.json}) laid over {@code vigil.json}, and the last-known-good copy of the result. */
class ProfilesTest {
    private static final String BASE = """
            {
              "system": {"name": "shop"},
              "defaults": {"stopTimeout": "5s"},
              "services": {
                "api": {
                  "command": ["api", "--port", "${port.http}"],
                  "cwd": "../www",
                  "env": {"LOG": "info", "TOKEN": "${env:TOKEN}"},
                  "ports": {"http": 8000}
                },
                "debug": {"command": ["debugger"]}
              }
            }
            """;

    @TempDir
    Path dir;
    private Path conf;
    private Path file;

    @BeforeEach
    void writeTheBaseFile() throws Exception {
        conf = Files.createDirectory(dir.resolve("conf"));
        file = Files.writeString(conf.resolve("vigil.json"), BASE);
    }

    private static ConfigReader reader(String token) {
        return new ConfigReader(Path.of("/opt/vigil"), Path.of("java"), Map.of("TOKEN", token)::get);
    }

    private ConfigReader.Loaded load(String overlay) throws Exception {
        Files.writeString(conf.resolve("vigil.prod.json"), overlay);
        return reader("t0").load(file, "prod");
    }

    private ConfigException refused(String overlay) {
        return assertThrows(ConfigException.class, () -> load(overlay));
    }

    @Test
    void theOverlayReplacesValuesMergesObjectsAndRemovesWhatIsNull() throws Exception {
        SystemConfig config = load("""
                {
                  "system": {"name": "shop-prod"},
                  "services": {
                    "api": {"env": {"LOG": "warn", "MODE": "prod"}, "ports": {"http": 80}, "stopTimeout": "30s"},
                    "debug": null,
                    "worker": {"command": ["worker"], "dependsOn": ["api"]}
                  }
                }
                """).config();

        assertEquals("shop-prod", config.name());
        assertEquals(List.of("api", "worker"), List.copyOf(config.services().keySet()));
        ServiceDefinition api = config.services().get("api");
        assertEquals(Map.of("LOG", "warn", "MODE", "prod", "TOKEN", "t0"), api.env());
        assertEquals(Map.of("http", PortSpec.of(80)), api.ports());
        assertEquals(List.of("api", "--port", "${port.http}"), api.command(), "untouched values stay");
        assertEquals(dir.resolve("www"), api.workingDir());
        assertEquals(Duration.ofSeconds(30), api.stopTimeout());
        assertEquals(Duration.ofSeconds(5), config.services().get("worker").stopTimeout(), "base defaults apply");
        assertEquals("file:" + file.toAbsolutePath().normalize() + " (profile prod)", config.source());
    }

    @Test
    void nullInTheOverlayRemovesAKeySoItsDefaultApplies() throws Exception {
        ServiceDefinition api = load("{\"services\": {\"api\": {\"cwd\": null}}, \"defaults\": null}")
                .config().services().get("api");

        assertEquals(conf, api.workingDir());
        assertEquals(Duration.ofSeconds(10), api.stopTimeout());
    }

    @Test
    void anArrayInTheOverlayReplacesTheWholeArray() throws Exception {
        ServiceDefinition api = load("{\"services\": {\"api\": {\"command\": [\"api-v2\"]}}}").config().services().get("api");

        assertEquals(List.of("api-v2"), api.command());
    }

    @Test
    void anErrorInTheOverlayNamesTheOverlayAndItsLine() {
        ConfigException e = refused("""
                {
                  "services": {
                    "api": {"ports": {"http": "80a"}}
                  }
                }
                """);

        assertEquals(conf.resolve("vigil.prod.json") + ":3:29: services.api.ports.http: expected a port 1-65535,"
                + " \"auto\" or {\"preferred\": N, \"range\": \"LOW-HIGH\"}, found the string \"80a\"", e.getMessage());
    }

    @Test
    void anErrorLeftInTheBaseNamesTheBaseEvenWithAProfile() throws Exception {
        Files.writeString(file, BASE.replace("\"5s\"", "\"5 s\""));

        ConfigException e = refused("{\"services\": {\"api\": {\"stopTimeout\": \"1m\"}}}");

        assertEquals(file + ":3:29: defaults.stopTimeout: expected a duration such as \"500ms\", \"10s\", \"5m\" or"
                + " \"1h\", found \"5 s\"", e.getMessage());
    }

    @Test
    void aSyntaxErrorInTheOverlayNamesTheOverlay() {
        ConfigException e = refused("{\n  \"services\": {\n    \"api\": {\"cwd\": \"/srv\",}\n  }\n}\n");

        assertEquals(conf.resolve("vigil.prod.json") + ":3:28: invalid JSON: expected a key in double quotes here"
                + " (a trailing comma before '}'?)", e.getMessage());
    }

    @Test
    void anUnknownKeyInTheOverlayIsAWarningNamingTheOverlay() throws Exception {
        ConfigReader reader = reader("t0");
        Files.writeString(conf.resolve("vigil.prod.json"), "{\n  \"services\": {\"api\": {\"stopTimout\": \"1m\"}}\n}\n");

        reader.load(file, "prod");

        assertEquals(List.of(conf.resolve("vigil.prod.json") + ":2:36: services.api.stopTimout: unknown key, ignored;"
                + " did you mean \"stopTimeout\"?"), reader.warnings());
    }

    @Test
    void aMissingOverlayIsAnErrorNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> reader("t0").load(file, "staging"));

        assertEquals(conf.resolve("vigil.staging.json") + ": profile \"staging\" was asked for but this file does not"
                + " exist; create it or drop the profile", e.getMessage());
    }

    @Test
    void noProfileMeansTheBaseFileAlone() throws Exception {
        Files.writeString(conf.resolve("vigil.prod.json"), "not even JSON");

        assertEquals(List.of("api", "debug"), List.copyOf(reader("t0").load(file, null).config().services().keySet()));
        assertEquals(List.of("api", "debug"), List.copyOf(reader("t0").load(file, "").config().services().keySet()));
    }

    @Test
    void theLastKnownGoodCopyReadsBackToTheSameServices() throws Exception {
        ConfigReader.Loaded loaded = load("{\"services\": {\"debug\": null, \"api\": {\"env\": {\"MODE\": \"prod\"}}}}");
        Path data = Files.createDirectory(dir.resolve("data"));
        LastKnownGood lastGood = new LastKnownGood(data, file, "prod");
        assertFalse(lastGood.exists());

        lastGood.save(loaded);
        SystemConfig copy = new LastKnownGood(data, file, "prod").read(reader("t0"));

        assertTrue(lastGood.exists());
        assertEquals(data.resolve("config"), lastGood.file().getParent());
        assertEquals(List.of("api"), List.copyOf(copy.services().keySet()));
        ServiceDefinition original = loaded.config().services().get("api");
        ServiceDefinition api = copy.services().get("api");
        assertEquals(dir.resolve("www"), api.workingDir(), "relative cwd resolves against the original folder");
        assertEquals(original.workingDir(), api.workingDir());
        assertEquals(original.command(), api.command());
        assertEquals(original.env(), api.env());
        assertEquals(original.ports(), api.ports());
        assertEquals(original.stopTimeout(), api.stopTimeout());
        assertEquals("shop", copy.name());
        assertEquals("file:" + file.toAbsolutePath().normalize() + " (profile prod)", copy.source());
        assertEquals(loaded.config(), copy, "the copy's services keep the file, and its profile, as their origin,"
                + " so that fixing the file restarts nothing");
    }

    @Test
    void theCopyKeepsPlaceholdersSoTheEnvironmentIsReadAgain() throws Exception {
        Path data = dir.resolve("data");
        new LastKnownGood(data, file, "prod").save(load("{}"));

        String saved = Files.readString(new LastKnownGood(data, file, "prod").file());
        assertTrue(saved.contains("\"${env:TOKEN}\"") && saved.contains("\"${port.http}\""), saved);
        assertEquals("t1", new LastKnownGood(data, file, "prod").read(reader("t1")).services().get("api").env().get("TOKEN"));
    }

    @Test
    void anUnreadableCopyIsAConfigErrorNamingTheFile() throws Exception {
        Path data = dir.resolve("data");
        new LastKnownGood(data, file, "prod").save(load("{}"));
        Path meta = new LastKnownGood(data, file, "prod").metaFile();
        Files.writeString(meta, "{");

        ConfigException e = assertThrows(ConfigException.class, () -> new LastKnownGood(data, file, "prod").read(reader("t0")));

        assertTrue(e.getMessage().startsWith(meta + ": unreadable: "), e.getMessage());
    }
}
