package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Through bin/vigil: configs that are odd but valid start every service as written, and a
 * {@code -c} that names no config file starts nothing, whatever ran before.
 */
class ConfigHardeningIT extends DaemonIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A service that notes each start of it in started.txt beside the config, then sleeps. */
    private static String noting(String name) {
        return "\"" + name + "\": {\"command\": [\"sh\", \"-c\", \"echo " + name + " >> started.txt; exec sleep 1000\"],"
                + " \"stopTimeout\": \"2s\"}";
    }

    private List<String> starts() throws Exception {
        Path file = dist.home.resolve("config/started.txt");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static String procFile(long pid, String name) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/" + name)), StandardCharsets.UTF_8);
    }

    @Test
    void unicodeEqualsSignsAndSpacesReachTheServicesAsWritten() throws Exception {
        Files.createDirectories(dist.home.resolve("config/dir with spaces/ünï"));
        Path config = dist.writeConfig("tricky.json", """
                {"defaults": {"log": {"maxSize": "64KiB", "files": 2}},
                 "services": {
                  "env": {"command": ["sleep", "1000"], "stopTimeout": "2s",
                          "env": {"GREETING": "grüß dich ☕", "EQUATION": "a=b=c", "EMPTY": "", "ÜNÏ": "ok"}},
                  "args": {"command": ["sh", "-c", "printf '%s|' \\"$0\\" \\"$@\\" > args.txt; exec sleep 1001",
                                       "name with  spaces", "héllo wörld ☕", "", "--opt=x=y"],
                           "stopTimeout": "2s", "log": {"maxSize": 4096, "files": 0}},
                  "cwd": {"command": ["sleep", "1002"], "cwd": "dir with spaces/ünï", "stopTimeout": "2s"}
                 }}
                """);

        Dist.Result start = dist.vigil("start", "-c", config.toString());

        assertEquals(0, start.code(), start.all());
        Dist.await(WAIT, "every service RUNNING", () -> StatusJson.of(dist).running("env", "args", "cwd"));
        StatusJson status = StatusJson.of(dist);
        String environ = procFile(status.pid("env"), "environ");
        for (String entry : List.of("GREETING=grüß dich ☕", "EQUATION=a=b=c", "EMPTY=", "ÜNÏ=ok")) {
            assertTrue(environ.contains("\0" + entry + "\0"), entry + " in " + environ);
        }
        assertEquals("name with  spaces|héllo wörld ☕||--opt=x=y|",
                Files.readString(dist.home.resolve("config/args.txt")), "every argument as one, none split or lost");
        assertEquals(dist.home.resolve("config/dir with spaces/ünï"),
                Files.readSymbolicLink(Path.of("/proc/" + status.pid("cwd") + "/cwd")));
    }

    @Test
    void aMissingFileAfterAnotherConfigRanStartsNothingAndExitsOne() throws Exception {
        Path shop = dist.writeConfig("shop.json", "{\"services\": {" + noting("shop") + "}}\n");
        assertEquals(0, dist.vigil("start", "-c", shop.toString()).code());
        Dist.await(WAIT, "shop RUNNING", () -> StatusJson.of(dist).running("shop"));
        assertEquals(0, dist.vigil("stop").code());
        assertEquals(List.of("shop"), starts());
        Path typo = dist.home.resolve("config/shpo.json");

        Dist.Result start = dist.vigil("start", "-c", typo.toString());
        Dist.Result run = dist.vigil("run", "-c", typo.toString());

        for (Dist.Result r : List.of(start, run)) {
            assertEquals(1, r.code(), r.all());
            assertTrue(r.err().contains(typo + ": no such file; give an existing config with -c FILE"), r.err());
        }
        assertEquals(3, dist.vigil("status").code(), "no daemon stays up");
        assertEquals(List.of("shop"), starts(), "nothing of shop.json was started for shpo.json");
        assertFalse(Files.exists(dist.home.resolve("data/vigil.pid")));
    }

    @Test
    void aBrokenFileWithoutItsOwnCopyIsRefusedThoughAnotherFileHasOne() throws Exception {
        Path shop = dist.writeConfig("shop.json", "{\"services\": {" + noting("shop") + "}}\n");
        assertEquals(0, dist.vigil("start", "-c", shop.toString()).code());
        Dist.await(WAIT, "shop RUNNING", () -> StatusJson.of(dist).running("shop"));
        assertEquals(0, dist.vigil("stop").code());
        Path bank = dist.writeConfig("bank.json", "{\"services\": {" + noting("bank"));

        Dist.Result start = dist.vigil("start", "-c", bank.toString());

        assertEquals(1, start.code(), start.all());
        assertTrue(start.err().contains(bank + ":1:"), start.err());
        assertEquals(List.of("shop"), starts());
    }

    @Test
    void aFolderOrADeviceGivenAsTheConfigIsRefused() throws Exception {
        Path folder = dist.home.resolve("config");
        for (String[] args : new String[][] {{"start", "-c", folder.toString()}, {"start", "-c", "/dev/zero"},
                {"check-config", "/dev/zero"}}) {
            Dist.Result r = dist.vigil(args);
            assertEquals(1, r.code(), r.all());
            assertTrue(r.all().contains(args[args.length - 1] + ": is a"), r.all());
        }
    }
}
