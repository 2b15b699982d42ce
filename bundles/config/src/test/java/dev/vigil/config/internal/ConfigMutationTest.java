package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of damaged configs, made from valid ones with a fixed seed: each must end in a
 * valid config or a ConfigException that names the file, never in another exception or a
 * hang, and reading must leave the file as it was. A failure prints the iteration and the
 * damaged text, so it can be turned into a corpus case.
 */
class ConfigMutationTest {
    /** Fixed, so a run is repeatable; -Dvigil.mutation.seed=N explores other damage. */
    private static final long SEED = Long.getLong("vigil.mutation.seed", 20240607L);
    private static final int CASES = Integer.getInteger("vigil.mutation.cases", 5000);
    private static final Map<String, String> ENV = Map.of("FEED_API_KEY", "test-key", "HOME", "/home/tester");

    @TempDir
    Path dir;

    private static List<byte[]> seeds() throws Exception {
        return List.of(
                Files.readAllBytes(Path.of("../../config/vigil.json")),
                Files.readAllBytes(Path.of("../../config/examples/trading.json")),
                """
                {
                  "system": {"name": "shop", "http": {"bind": "127.0.0.1", "port": 7070}},
                  "defaults": {"restart": {"backoff": "500ms..30s", "maxRestarts": 3, "window": "5m",
                               "stableAfter": "20s"}, "stopTimeout": "3s"},
                  "services": {
                    "db": {"command": ["postgres", "-p", "${port.sql}"], "ports": {"sql": {"preferred": 5432, "range": "5432-5440"}}},
                    "api": {"command": ["${vigil.java}", "-jar", "${vigil.home}/api.jar", "${port.http}"],
                            "cwd": "api", "env": {"HOME": "${env:HOME}", "MODE": "${env:MODE:-prod}", "ADMIN": "${port.admin}"},
                            "ports": {"http": 8080, "admin": "auto"}, "dependsOn": ["db"], "recovery": ["restart"],
                            "restart": {"backoff": "1s..10s"}, "stopTimeout": "10s", "autostart": false}
                  }
                }
                """.getBytes(StandardCharsets.UTF_8),
                "{\"services\": {\"café\": {\"command\": [\"echo\", \"naïve ☕\"], \"ports\": {\"p1\": 1, \"p2\": 65535}}}}"
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyMutationIsEitherValidOrRefusedWithTheFileNamed() throws Exception {
        List<byte[]> seeds = seeds();
        Mutator mutator = new Mutator(new Random(SEED));
        Path file = dir.resolve("mutant.json");
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < CASES; i++) {
                byte[] bytes = mutator.mutate(seeds.get(i % seeds.size()));
                Files.write(file, bytes);
                outcomes[readOne(file, i, bytes)]++;
                assertArrayEquals(bytes, Files.readAllBytes(file), "case " + i + " changed the file it read");
            }
        });
        // Both outcomes must occur, or the mutations are too mild or too wild to test anything.
        assertTrue(outcomes[0] > CASES / 100 && outcomes[1] > CASES / 100,
                "valid " + outcomes[0] + ", refused " + outcomes[1]);
        System.out.println("mutations: " + outcomes[0] + " valid, " + outcomes[1] + " refused");
    }

    /** @return 0 when the config was valid, 1 when it was refused properly */
    private static int readOne(Path file, int i, byte[] bytes) {
        ConfigReader reader = new ConfigReader(Path.of("/opt/vigil"), Path.of("/opt/jdk/bin/java"), ENV::get);
        try {
            assertNotNull(reader.load(file, null).config());
            return 0;
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty());
            assertTrue(e.problems().stream().anyMatch(p -> p.toString().startsWith(file.toString())),
                    () -> "case " + i + ": no problem names the file: " + e.getMessage());
            return 1;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("case " + i + " threw " + e + " for:\n"
                    + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    /** Healing damaged files never throws; a file that is not JSON is never touched. */
    @Test
    void healingAMutationNeverThrowsAndLeavesBrokenJsonAlone() throws Exception {
        List<byte[]> seeds = seeds();
        Mutator mutator = new Mutator(new Random(SEED + 1));
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 300; i++) {
                Path caseDir = Files.createDirectory(dir.resolve("heal-" + i));
                Path file = caseDir.resolve("vigil.json");
                byte[] bytes = mutator.mutate(seeds.get(i % seeds.size()));
                Files.write(file, bytes);
                boolean json = isJson(bytes);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int code;
                try {
                    code = CheckConfigTool.run(new String[] {file.toString(), "--heal"}, Path.of("/opt/vigil"),
                            Path.of("java"), ENV::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(out, true, StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    throw new AssertionError("case " + i + " threw " + e + " for:\n"
                            + new String(bytes, StandardCharsets.UTF_8), e);
                }
                assertTrue(code == 0 || code == 1, "case " + i + ": exit " + code);
                if (!json) {
                    assertArrayEquals(bytes, Files.readAllBytes(file), "case " + i + " rewrote a file that is not JSON");
                    try (var files = Files.list(caseDir)) {
                        assertTrue(files.count() == 1, "case " + i + " left a backup of a file it did not heal");
                    }
                }
            }
        });
    }

    private static boolean isJson(byte[] bytes) {
        try {
            JsonDocument.parse("x", bytes);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    @Test
    void theMutatorIsRepeatable() throws Exception {
        byte[] seed = seeds().get(1);
        Mutator a = new Mutator(new Random(7));
        Mutator b = new Mutator(new Random(7));
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(a.mutate(seed), b.mutate(seed));
        }
    }
}
