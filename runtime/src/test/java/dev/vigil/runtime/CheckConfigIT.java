package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil check-config FILE [--heal]}: every error with its place, and repairs that keep the original. */
class CheckConfigIT {
    private static final String STRING_PORT =
            "{\"services\": {\"web\": {\"command\": [\"sleep\", \"1\"], \"ports\": {\"http\": \"8080\"}}}}";

    @TempDir
    Path tmp;
    Dist dist;
    Path work;

    @BeforeEach
    void copyDistribution() throws Exception {
        dist = new Dist(tmp);
        work = Files.createDirectory(tmp.resolve("work"));
    }

    @AfterEach
    void noDaemonWasNeeded() {
        assertEquals(3, dist.vigil("status").code(), "check-config must work without a daemon");
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(work.resolve(name), text, StandardCharsets.UTF_8);
    }

    private List<Path> backupsOf(Path file) throws Exception {
        try (Stream<Path> all = Files.list(file.getParent())) {
            return all.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".bak-")).toList();
        }
    }

    @Test
    void brokenFileListsEveryErrorWithFileLineAndColumn() throws Exception {
        Path bad = file("bad.json", "{\n  \"services\": {\n    \"api\": {\"command\": [\"x\"], \"ports\": {\"http\": \"80a\"}},\n"
                + "    \"db\": {\"comand\": [\"y\"]}\n  }\n}\n");
        Dist.Result r = dist.vigil("check-config", bad.toString());
        assertEquals(1, r.code(), r.all());
        List<String> errors = r.out().lines().filter(l -> l.startsWith(bad + ":")).toList();
        assertEquals(2, errors.size(), r.out());
        assertTrue(errors.get(0).matches(java.util.regex.Pattern.quote(bad.toString())
                + ":3:\\d+: services\\.api\\.ports\\.http: .*\"80a\".*"), errors.get(0));
        assertTrue(errors.get(1).matches(java.util.regex.Pattern.quote(bad.toString())
                + ":4:\\d+: services\\.db\\.command: missing.*did you mean \"command\"\\?"), errors.get(1));
        assertTrue(r.out().contains("2 errors in " + bad), r.out());
    }

    @Test
    void syntaxErrorIsPlacedAtItsLineAndColumn() throws Exception {
        Path syntax = file("syntax.json", "{\n  \"services\": {\n    \"a\": {\"command\": [\"true\"]}\n    \"b\": {}\n  }\n}\n");
        Dist.Result r = dist.vigil("check-config", syntax.toString());
        assertEquals(1, r.code(), r.all());
        assertTrue(r.out().startsWith(syntax + ":4:6: invalid JSON"), r.out());
    }

    @Test
    void validFileExitsZero() throws Exception {
        Path valid = file("valid.json", "{\"services\": {" + Dist.demoService("api", 18080, "") + "}}");
        Dist.Result r = dist.vigil("check-config", valid.toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains(valid + ": valid") && r.out().contains("(api)"), r.out());
    }

    @Test
    void profileOverlayErrorsNameTheOverlayFile() throws Exception {
        Path base = file("vigil.json", "{\"services\": {\"web\": {\"command\": [\"sleep\", \"1\"]}}}");
        Path overlay = file("vigil.prod.json", "{\"services\": {\"web\": {\n  \"stopTimeout\": 5}}}");
        assertEquals(0, dist.vigil("check-config", base.toString()).code());
        Dist.Result r = dist.vigil("check-config", base.toString(), "--profile", "prod");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.out().contains(overlay + ":2:") && r.out().contains("services.web.stopTimeout"), r.out());
    }

    @Test
    void healTurnsAStringPortIntoANumberAndKeepsTheOriginal() throws Exception {
        Path config = file("heal.json", STRING_PORT);
        byte[] original = Files.readAllBytes(config);
        Dist.Result before = dist.vigil("check-config", config.toString());
        assertEquals(1, before.code(), before.all());
        assertTrue(before.out().contains("services.web.ports.http") && before.out().contains("\"8080\""), before.out());

        Dist.Result heal = dist.vigil("check-config", config.toString(), "--heal");
        assertEquals(0, heal.code(), heal.all());
        assertTrue(heal.out().contains("services.web.ports.http: \"8080\" -> 8080"), heal.out());
        List<Path> backups = backupsOf(config);
        assertEquals(1, backups.size(), backups.toString());
        assertTrue(backups.get(0).getFileName().toString().matches("heal\\.json\\.bak-\\d{8}-\\d{6}"), backups.toString());
        assertTrue(heal.out().contains(backups.get(0).getFileName().toString()), heal.out());
        assertArrayEquals(original, Files.readAllBytes(backups.get(0)), "the backup holds the original bytes");
        JsonObject healed = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        JsonObject http = healed.getAsJsonObject("services").getAsJsonObject("web").getAsJsonObject("ports");
        assertTrue(http.get("http").getAsJsonPrimitive().isNumber(), healed.toString());
        assertEquals(8080, http.get("http").getAsInt());
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(2, left.count(), "only the file and its backup; no temporary file left behind");
        }

        Dist.Result after = dist.vigil("check-config", config.toString());
        assertEquals(0, after.code(), after.all());
    }

    @Test
    void healLeavesAFileThatIsNotJsonAlone() throws Exception {
        Path config = file("syntax.json", "{\"services\": {\"web\": {\"command\": [\"sleep\" \"1\"]}}}");
        byte[] original = Files.readAllBytes(config);
        Dist.Result heal = dist.vigil("check-config", config.toString(), "--heal");
        assertEquals(1, heal.code(), heal.all());
        assertTrue(heal.out().contains(config + ":1:") && heal.out().contains("cannot heal"), heal.out());
        assertArrayEquals(original, Files.readAllBytes(config));
        assertTrue(backupsOf(config).isEmpty(), "nothing healed, so no backup");
    }

    @Test
    void healNeverOverwritesAnEarlierBackup() throws Exception {
        Path config = file("heal.json", STRING_PORT);
        byte[] original = Files.readAllBytes(config);
        // Backups an earlier heal left, named for every second this heal may run in.
        DateTimeFormatter stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
        LocalDateTime now = LocalDateTime.now();
        for (int s = -1; s <= 10; s++) {
            file("heal.json.bak-" + now.plusSeconds(s).format(stamp), "earlier backup " + s);
        }
        assertEquals(0, dist.vigil("check-config", config.toString(), "--heal").code());
        for (int s = -1; s <= 10; s++) {
            Path earlier = work.resolve("heal.json.bak-" + now.plusSeconds(s).format(stamp));
            assertEquals("earlier backup " + s, Files.readString(earlier), earlier + " was overwritten");
        }
        assertTrue(backupsOf(config).stream().anyMatch(p -> {
            try {
                return java.util.Arrays.equals(original, Files.readAllBytes(p));
            } catch (java.io.IOException e) {
                return false;
            }
        }), "the original must be kept in a backup of its own");
    }
}
