package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configs that are refused: the exact line a user reads for each mistake. A key's column is
 * the one just after the key (its ':'); an array item's is just inside its opening quote.
 */
class ConfigReaderErrorsTest {
    @TempDir
    Path dir;

    private final ConfigReader reader = new ConfigReader(Path.of("/opt/vigil"), Path.of("java"), Map.<String, String>of()::get);

    private List<String> problems(byte[] bytes) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> reader.read("vigil.json", bytes, Path.of("/etc/vigil"), "test"));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    /** The one problem found in {@code json}. */
    private String problem(String json) {
        List<String> found = problems(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, found.size(), () -> "expected one problem, got " + found);
        return found.get(0);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.json");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(file));
        assertEquals(file + ": no such file; give an existing config with -c FILE", e.getMessage());
    }

    @Test
    void fileOverTheSizeLimit() throws Exception {
        Path file = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(ConfigReader.MAX_BYTES + 1); // sparse: costs no disk
        }
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(file));
        assertEquals(file + ": the file is 4194305 bytes, more than the 4194304 a config may have; is it the right file?",
                e.getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.json"), " \n");
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(file));
        assertEquals(file + ": the file is empty; it needs at least {\"services\": {...}}", e.getMessage());
    }

    @Test
    void missingCommaIsReportedOnTheLineOfTheNextKey() {
        assertEquals("vigil.json:4:6: invalid JSON: expected ',' or '}' here (a comma missing after the previous value?)",
                problem("""
                {
                  "services": {
                    "api": {"command": ["api"]}
                    "db": {"command": ["db"]}
                  }
                }
                """));
    }

    @Test
    void trailingDataAfterTheObject() {
        assertEquals("vigil.json:2:2: unexpected data after the end of the top-level object",
                problem("{\"services\": {}}\n{\"services\": {}}\n"));
    }

    @Test
    void commentsAreRefused() {
        assertEquals("vigil.json:2:4: invalid JSON: a comment; JSON has none, remove it",
                problem("{\n  // the services\n  \"services\": {}\n}\n"));
    }

    @Test
    void duplicateKey() {
        assertEquals("vigil.json:4:10: duplicate key \"api\" in services; keep only one of them", problem("""
                {
                  "services": {
                    "api": {"command": ["a"]},
                    "api": {"command": ["b"]}
                  }
                }
                """));
    }

    @Test
    void invalidUtf8NamesTheByteAndItsLine() {
        byte[] bytes = {'{', '\n', ' ', '"', (byte) 0xC3, '(', '"', ':', '1', '}'};
        assertEquals(List.of("vigil.json:2:3: not valid UTF-8 (byte 4); save the file as UTF-8"), problems(bytes));
    }

    @Test
    void commandAsAShellString() {
        assertEquals("vigil.json:1:32: services.api.command: expected an array of strings, found the string"
                        + " \"python3 app.py\"; write each argument as its own string, no shell is used",
                problem("{\"services\": {\"api\": {\"command\": \"python3 app.py\"}}}"));
    }

    @Test
    void emptyCommand() {
        assertEquals("vigil.json:1:32: services.api.command: is empty; give the program and its arguments,"
                        + " e.g. [\"python3\", \"app.py\"]",
                problem("{\"services\": {\"api\": {\"command\": []}}}"));
    }

    @Test
    void missingCommand() {
        assertEquals("vigil.json:1:20: services.api.command: missing; give the program and its arguments as an array,"
                        + " e.g. [\"python3\", \"app.py\"]",
                problem("{\"services\": {\"api\": {}}}"));
    }

    @Test
    void portOutOfRange() {
        assertEquals("vigil.json:3:19: services.api.ports.http: expected a port 1-65535, \"auto\" or {\"preferred\": N, \"range\": \"LOW-HIGH\"}, found the number 70000",
                problem("{\"services\": {\"api\": {\n  \"command\": [\"a\"],\n  \"ports\": {\"http\": 70000}\n}}}"));
    }

    @Test
    void portAsString() {
        assertEquals("vigil.json:1:57: services.api.ports.http: expected a port 1-65535, \"auto\" or {\"preferred\": N, \"range\": \"LOW-HIGH\"}, found the string \"80a\"",
                problem("{\"services\": {\"api\": {\"command\": [\"a\"], \"ports\": {\"http\": \"80a\"}}}}"));
    }

    @Test
    void unknownDependencySuggestsTheNearestName() {
        assertEquals("vigil.json:3:46: services.api.dependsOn[0]: unknown service \"dbb\"; did you mean \"db\"?",
                problem("""
                        {"services": {
                          "db":  {"command": ["db"]},
                          "api": {"command": ["api"], "dependsOn": ["dbb"]}
                        }}
                        """));
    }

    @Test
    void dependencyCycleIsReportedOnce() {
        assertEquals("vigil.json:2:38: services.a.dependsOn: dependency cycle a -> b -> c -> a;"
                        + " remove one of these dependencies",
                problem("""
                        {"services": {
                          "a": {"command": ["a"], "dependsOn": ["b"]},
                          "b": {"command": ["b"], "dependsOn": ["c"]},
                          "c": {"command": ["c"], "dependsOn": ["a"]}
                        }}
                        """));
    }

    @Test
    void badDuration() {
        assertEquals("vigil.json:1:54: services.api.stopTimeout: expected a duration such as \"500ms\", \"10s\","
                        + " \"5m\" or \"1h\", found \"10 sec\"",
                problem("{\"services\": {\"api\": {\"command\": [\"a\"], \"stopTimeout\": \"10 sec\"}}}"));
    }

    @Test
    void backoffWithMinAboveMax() {
        assertEquals("vigil.json:1:62: services.api.restart.backoff: expected MIN..MAX such as \"1s..60s\""
                        + " with MIN <= MAX, found \"60s..1s\"",
                problem("{\"services\": {\"api\": {\"command\": [\"a\"], \"restart\": {\"backoff\": \"60s..1s\"}}}}"));
    }

    @Test
    void serviceNameWithASlash() {
        assertEquals("vigil.json:1:20: services.a/b: a service name is 1-64 letters, digits, '.', '_' or '-',"
                        + " starting with a letter or digit",
                problem("{\"services\": {\"a/b\": {\"command\": [\"a\"]}}}"));
    }

    @Test
    void mistypedPlaceholderGetsASuggestion() {
        assertEquals("vigil.json:1:41: services.api.command[1]: unknown placeholder ${vigil.hom};"
                        + " did you mean ${vigil.home}?",
                problem("{\"services\": {\"api\": {\"command\": [\"a\", \"${vigil.hom}\"]}}}"));
    }

    @Test
    void unknownPlaceholderListsTheKnownOnes() {
        assertEquals("vigil.json:1:41: services.api.command[1]: unknown placeholder ${home.dir};"
                        + " known: ${port.NAME}, ${port.SERVICE.NAME}, ${env:NAME}, ${vigil.home}, ${vigil.java}",
                problem("{\"services\": {\"api\": {\"command\": [\"a\", \"${home.dir}\"]}}}"));
    }

    @Test
    void unsetEnvironmentVariableWithoutDefault() {
        assertEquals("vigil.json:1:36: services.api.command[0]: ${env:TOKEN}: environment variable TOKEN is not set;"
                        + " set it or write ${env:TOKEN:-default}",
                problem("{\"services\": {\"api\": {\"command\": [\"${env:TOKEN}\"]}}}"));
    }

    @Test
    void portPlaceholderForAnUndeclaredPort() {
        assertEquals("vigil.json:1:36: services.api.command[0]: ${port.http} names no port of this service;"
                        + " declared ports: admin",
                problem("{\"services\": {\"api\": {\"command\": [\"${port.http}\"], \"ports\": {\"admin\": 9000}}}}"));
    }

    @Test
    void backoffMinimumBelowOneHundredMilliseconds() {
        assertEquals("vigil.json:1:62: services.api.restart.backoff: the minimum 10ms is below 100ms, which would let"
                        + " a crash loop restart many times a second; write at least \"100ms..5s\"",
                problem("{\"services\": {\"api\": {\"command\": [\"a\"], \"restart\": {\"backoff\": \"10ms..5s\"}}}}"));
        assertEquals("vigil.json:1:36: defaults.restart.backoff: the minimum 0s is below 100ms, which would let"
                        + " a crash loop restart many times a second; write at least \"100ms..100ms\"",
                problem("{\"defaults\": {\"restart\": {\"backoff\": \"0ms..50ms\"}}, \"services\": {}}"));
    }

    @Test
    void aStrategyListedTwice() {
        assertEquals("vigil.json:1:84: services.api.recovery[2]: \"restart\" is listed twice (also recovery[0]);"
                        + " each strategy is tried once, remove one of them",
                problem("{\"services\": {\"api\": {\"command\": [\"a\"], \"recovery\": [\"restart\", \"evict-squatter\", \"restart\"]}}}"));
    }

    @Test
    void aStrategyThatDoesNotShipIsAWarningWithASuggestion() throws Exception {
        reader.read("vigil.json", """
                {"services": {"api": {"command": ["a"], "recovery": ["restrat", "failover"]}}}
                """.getBytes(StandardCharsets.UTF_8), Path.of("/"), "test");

        String shipped = "unless a bundle in deploy/ provides it, it is skipped at run time"
                + " (shipped: evict-squatter, reassign-port, restart, restore-config)";
        assertEquals(List.of(
                "vigil.json:1:55: services.api.recovery[0]: no strategy \"restrat\" ships with Vigil; " + shipped
                        + "; did you mean \"restart\"?",
                "vigil.json:1:66: services.api.recovery[1]: no strategy \"failover\" ships with Vigil; " + shipped),
                reader.warnings());
    }

    @Test
    void intervalsAndTimeoutsMustBeMoreThanZero() {
        assertEquals("vigil.json:1:83: services.api.checks[0].retryInterval: must be more than 0",
                problem("{\"services\": {\"api\": {\"command\": [\"a\"], \"checks\": [{\"type\": \"tcp\", \"retryInterval\": \"0s\"}]}}}"));
        assertEquals("vigil.json:1:56: services.api.verifyTimeout: must be more than 0",
                problem("{\"services\": {\"api\": {\"command\": [\"a\"], \"verifyTimeout\": \"0ms\"}}}"));
        assertEquals("vigil.json:1:43: defaults.recovery.verifyTimeout: must be more than 0",
                problem("{\"defaults\": {\"recovery\": {\"verifyTimeout\": \"0s\"}}, \"services\": {}}"));
        assertEquals("vigil.json:1:40: defaults.check.retryInterval: must be more than 0",
                problem("{\"defaults\": {\"check\": {\"retryInterval\": \"0s\"}}, \"services\": {}}"));
    }

    @Test
    void aPortOfAnotherServiceNeedsThatServiceInDependsOn() {
        assertEquals("vigil.json:3:31: services.api.command[1]: ${port.db.sql}: add \"db\" to dependsOn, so that db"
                        + " starts first and its port is known",
                problem("""
                        {"services": {
                          "db":  {"command": ["db"], "ports": {"sql": 5432}},
                          "api": {"command": ["api", "${port.db.sql}"]}
                        }}
                        """));
    }

    @Test
    void aPortOfAnotherServiceMustBeOneItDeclares() {
        assertEquals("vigil.json:3:43: services.api.env.DB: ${port.db.pg}: service db has no port \"pg\"; its ports:"
                        + " admin, sql",
                problem("""
                        {"services": {
                          "db":  {"command": ["db"], "ports": {"sql": 5432, "admin": "auto"}},
                          "api": {"command": ["api"], "env": {"DB": "${port.db.pg}"}, "dependsOn": ["db"]}
                        }}
                        """));
        assertEquals("vigil.json:3:64: services.api.checks[0].port: ${port.db.sqll}: service db has no port \"sqll\";"
                        + " did you mean ${port.db.sql}?",
                problem("""
                        {"services": {
                          "db":  {"command": ["db"], "ports": {"sql": 5432}},
                          "api": {"command": ["api"], "checks": [{"type": "tcp", "port": "${port.db.sqll}"}], "dependsOn": ["db"]}
                        }}
                        """));
    }

    @Test
    void aPortOfAServiceThatIsNotThere() {
        assertEquals("vigil.json:3:31: services.api.command[1]: ${port.dbb.sql}: no service named \"dbb\";"
                        + " did you mean \"db\"?",
                problem("""
                        {"services": {
                          "db":  {"command": ["db"], "ports": {"sql": 5432}},
                          "api": {"command": ["api", "${port.dbb.sql}"], "dependsOn": ["db"]}
                        }}
                        """));
        assertEquals("vigil.json:1:41: services.api.command[1]: ${port.cache.resp}: no service named \"cache\";"
                        + " defined services: none",
                problem("{\"services\": {\"api\": {\"command\": [\"a\", \"${port.cache.resp}\"]}}}"));
        assertEquals("vigil.json:1:41: services.api.command[1]: ${port.api.http}: this is the service's own port;"
                        + " write ${port.http}",
                problem("{\"services\": {\"api\": {\"command\": [\"a\", \"${port.api.http}\"], \"ports\": {\"http\": 80}}}}"));
    }

    @Test
    void unknownKeysAreWarningsWithASuggestion() throws Exception {
        reader.read("vigil.json", """
                {
                  "sytem": {},
                  "services": {"api": {"command": ["a"], "dependOn": [], "colour": "red"}}
                }
                """.getBytes(StandardCharsets.UTF_8), Path.of("/"), "test");

        assertEquals(List.of(
                "vigil.json:2:10: sytem: unknown key, ignored; did you mean \"system\"?",
                "vigil.json:3:52: services.api.dependOn: unknown key, ignored; did you mean \"dependsOn\"?",
                "vigil.json:3:66: services.api.colour: unknown key, ignored"), reader.warnings());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read("vigil.json", """
                {"services": {
                  "api": {"command": "api", "ports": {"http": 0}},
                  "db":  {"command": ["db"], "stopTimeout": "soon"},
                  "a b": {"command": ["x"]}
                }}
                """.getBytes(StandardCharsets.UTF_8), Path.of("/"), "test"));

        assertEquals(4, e.problems().size(), e::getMessage);
        assertEquals(List.of("services.api.ports.http", "services.api.command", "services.db.stopTimeout",
                "services.a b"), e.problems().stream().map(ConfigProblem::path).toList());
        assertEquals(e.problems().get(0) + " (and 3 more)", e.summary());
    }

    @Test
    void topLevelMustBeAnObjectWithServices() {
        assertEquals("vigil.json:1:2: expected an object {...}, found an array", problem("[]"));
        assertEquals("vigil.json:1:2: services: missing; a config needs a \"services\" object, even an empty one",
                problem("{}"));
    }
}
