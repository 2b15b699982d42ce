package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil check-config FILE [--heal]} as a user runs it: what it prints, its exit code, the files it leaves. */
class CheckConfigToolTest {
    private static final String BROKEN = """
            {
              "services": {
                "db": {"command": "redis-server --port 6379", "env": {"MAXMEM": 256, "VERBOSE": true}},
                "api": {"comand": ["python3", "app.py"], "ports": {"http": "8080"}, "dependsOn": "db", "autostart": "false"}
              }
            }
            """;

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CheckConfigTool.run(args, Path.of("/opt/vigil"), Path.of("/opt/jdk/bin/java"), env::get,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** On a PATH of the programs the configs here name, so that no warning depends on what this host has. */
    private Run run(String... args) {
        Path bin = dir.resolve("bin");
        try {
            Files.createDirectories(bin);
            for (String program : List.of("redis-server", "python3")) {
                Path file = bin.resolve(program);
                if (!Files.exists(file)) {
                    Files.writeString(file, "#!/bin/sh\n");
                    file.toFile().setExecutable(true);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return run(Map.of("PATH", bin.toString()), args);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<Path> backups() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".bak-")).toList();
        }
    }

    @Test
    void healingFixesWhatHasOneSensibleRepairAndSaysWhat() throws Exception {
        Path file = write("vigil.json", BROKEN);

        Run run = run(file.toString(), "--heal");

        assertEquals(0, run.code(), run.out());
        String backup = backups().get(0).getFileName().toString();
        assertEquals(String.join("\n",
                "healed " + file + " (the original is kept as " + backup + "):",
                "  system: added the missing \"system\" section",
                "  defaults: added the missing \"defaults\" section",
                "  defaults.restart: restored the default restart policy",
                "  defaults.restart.backoff: added the default \"1s..60s\"",
                "  defaults.restart.maxRestarts: added the default 5",
                "  defaults.restart.window: added the default \"10m\"",
                "  defaults.restart.stableAfter: added the default \"10s\"",
                "  defaults.stopTimeout: added the default \"10s\"",
                "  services.db.command: split the command string into an argv array [\"redis-server\",\"--port\",\"6379\"]",
                "  services.db.env.MAXMEM: 256 -> \"256\"",
                "  services.db.env.VERBOSE: true -> \"true\"",
                "  services.api.comand: renamed to \"command\"",
                "  services.api.dependsOn: made the single name a list [\"db\"]",
                "  services.api.ports.http: \"8080\" -> 8080",
                "  services.api.autostart: \"false\" -> false",
                file + ": valid; system vigil, 2 services (db, api)", ""), run.out());
        assertEquals("", run.err());
    }

    @Test
    void theHealedFileHoldsTheRepairsInPlaceAndIsValid() throws Exception {
        Path file = write("vigil.json", BROKEN);
        run(file.toString(), "--heal");

        JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(List.of("system", "defaults", "services"), List.copyOf(root.keySet()));
        JsonObject api = root.getAsJsonObject("services").getAsJsonObject("api");
        assertEquals(List.of("command", "ports", "dependsOn", "autostart"), List.copyOf(api.keySet()),
                "the renamed key stays where it was");
        assertEquals("[\"python3\",\"app.py\"]", api.get("command").toString());
        assertEquals("{\"http\":8080}", api.get("ports").toString());
        assertEquals("[\"db\"]", api.get("dependsOn").toString());
        JsonObject db = root.getAsJsonObject("services").getAsJsonObject("db");
        assertEquals("[\"redis-server\",\"--port\",\"6379\"]", db.get("command").toString());
        assertEquals("{\"MAXMEM\":\"256\",\"VERBOSE\":\"true\"}", db.get("env").toString());
        assertEquals("{\"name\":\"vigil\"}", root.get("system").toString());

        ConfigReader reader = new ConfigReader(Path.of("/opt/vigil"), Path.of("java"), Map.<String, String>of()::get);
        assertEquals(List.of("db", "api"), List.copyOf(reader.read(file).services().keySet()));
        assertEquals(List.of(), reader.warnings());
    }

    @Test
    void theOriginalIsKeptByteForByteInATimestampedBackup() throws Exception {
        byte[] original = ("\uFEFF" + BROKEN.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("prod.json"), original);

        run(file.toString(), "--heal");

        List<Path> backups = backups();
        assertEquals(1, backups.size(), backups::toString);
        assertTrue(backups.get(0).getFileName().toString().matches("prod\\.json\\.bak-\\d{8}-\\d{6}"), backups::toString);
        assertArrayEquals(original, Files.readAllBytes(backups.get(0)));
        assertTrue(run(file.toString()).out().contains(": valid; system prod, 2 services"), "system named after the file");
    }

    @Test
    void healingAHealedFileHasNothingToDoAndKeepsNoSecondBackup() throws Exception {
        Path file = write("vigil.json", BROKEN);
        run(file.toString(), "--heal");
        byte[] healed = Files.readAllBytes(file);

        Run again = run(file.toString(), "--heal");

        assertEquals(0, again.code());
        assertEquals("nothing to heal in " + file + "\n" + file + ": valid; system vigil, 2 services (db, api)\n",
                again.out());
        assertArrayEquals(healed, Files.readAllBytes(file));
        assertEquals(1, backups().size());
    }

    @Test
    void aSyntaxErrorIsRefusedAndTheFileIsLeftAlone() throws Exception {
        byte[] original = "{\n  \"services\": {\n    \"api\": {\"command\": \"api\"},\n  }\n}\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("vigil.json"), original);

        Run run = run(file.toString(), "--heal");

        assertEquals(1, run.code());
        assertEquals(file + ":4:4: invalid JSON: expected a key in double quotes here (a trailing comma before '}'?)\n"
                + "cannot heal: the file is not valid JSON; fix the syntax at the place shown, then heal again\n", run.out());
        assertArrayEquals(original, Files.readAllBytes(file));
        assertEquals(List.of(), backups());
    }

    @Test
    void aFileThatIsNoConfigObjectIsNotHealed() throws Exception {
        Path file = write("vigil.json", "[\"api\"]\n");

        Run run = run(file.toString(), "--heal");

        assertEquals(1, run.code());
        assertEquals("cannot heal: the file holds an array, not a config object\n", run.out());
        assertEquals("[\"api\"]\n", Files.readString(file));
        assertEquals(List.of(), backups());
    }

    @Test
    void whatNeedsAPersonIsStillReportedAfterHealing() throws Exception {
        Path file = write("vigil.json", """
                {"services": {"api": {"command": "api", "ports": {"http": "99999"}},
                              "db": {"command": "db", "dependsOn": "db"}}}
                """);

        Run run = run(file.toString(), "--heal");

        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().contains("services.api.ports.http: expected a port 1-65535"), run.out());
        assertTrue(run.out().contains("services.db.dependsOn[0]: a service cannot depend on itself"), run.out());
        assertTrue(run.out().endsWith("2 errors in " + file + "\n"), run.out());
    }

    @Test
    void checkingWithoutHealingPrintsEveryProblemAndWarningAndChangesNothing() throws Exception {
        Path file = write("vigil.json", BROKEN);

        Run run = run(file.toString());

        assertEquals(1, run.code());
        assertEquals(String.join("\n",
                file + ":3:21: services.db.command: expected an array of strings, found the string"
                        + " \"redis-server --port 6379\"; write each argument as its own string, no shell is used",
                file + ":3:67: services.db.env.MAXMEM: expected a string, found the number 256",
                file + ":3:83: services.db.env.VERBOSE: expected a string, found true",
                file + ":4:62: services.api.ports.http: expected a port 1-65535, \"auto\" or {\"preferred\": N,"
                        + " \"range\": \"LOW-HIGH\"}, found the string \"8080\"; write the number without quotes",
                file + ":4:10: services.api.command: missing; found \"comand\", did you mean \"command\"?",
                file + ":4:84: services.api.dependsOn: expected an array of strings, found the string \"db\"",
                file + ":4:103: services.api.autostart: expected true or false, found the string \"false\"",
                "warning: " + file + ":4:21: services.api.comand: unknown key, ignored; did you mean \"command\"?",
                "7 errors in " + file, ""), run.out());
        assertEquals(BROKEN, Files.readString(file));
        assertEquals(List.of(), backups());
    }

    @Test
    void exitCodesAreZeroForValidOneForInvalidAndTwoForUsage() throws Exception {
        Path valid = write("ok.json", "{\"services\": {\"api\": {\"command\": [\"api\"]}}}");
        Path invalid = write("bad.json", "{\"services\": {\"api\": {\"command\": []}}}");

        assertEquals(0, run(valid.toString()).code());
        assertEquals(1, run(invalid.toString()).code());
        assertEquals(1, run(dir.resolve("missing.json").toString()).code());
        assertEquals(1, run(dir.resolve("missing.json").toString(), "--heal").code());
        Run none = run();
        assertEquals(2, none.code());
        assertEquals("vigil: check-config needs a FILE; usage: vigil check-config FILE [--heal] [--profile P]\n", none.err());
        assertEquals(2, run(valid.toString(), "--fix").code());
        assertEquals(2, run(valid.toString(), invalid.toString()).code());
        assertEquals(2, run(valid.toString(), "--profile").code());
        assertEquals("", run(valid.toString(), "--fix").out());
    }

    @Test
    void theProfileComesFromTheOptionOrFromVigilProfile() throws Exception {
        Path file = write("vigil.json", "{\"services\": {\"api\": {\"command\": [\"api\"]}}}");
        write("vigil.prod.json", "{\"services\": {\"api\": {\"command\": []}}}");

        assertEquals(1, run(file.toString(), "--profile", "prod").code());
        assertEquals(1, run(Map.of("VIGIL_PROFILE", "prod"), file.toString()).code());
        assertEquals(0, run(Map.of("VIGIL_PROFILE", "prod"), file.toString(), "-p", "").code());
        Run missing = run(file.toString(), "-p", "staging");
        assertEquals(1, missing.code());
        assertTrue(missing.out().startsWith(dir.resolve("vigil.staging.json") + ": profile \"staging\" was asked for"),
                missing.out());
    }
}
