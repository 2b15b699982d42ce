package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The config over a daemon's life: last-known-good fallback, live edits refused or applied by diff, profiles. */
class ConfigLifecycleIT extends DaemonIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static String sleeper(String name, int seconds) {
        return "\"" + name + "\": {\"command\": [\"sleep\", \"" + seconds + "\"], \"stopTimeout\": \"2s\"}";
    }

    private static String services(String... entries) {
        return "{\"services\": {" + String.join(", ", entries) + "}}\n";
    }

    private StatusJson awaitRunning(String... names) throws InterruptedException {
        Dist.await(WAIT, String.join(", ", names) + " RUNNING", () -> StatusJson.of(dist).running(names));
        return StatusJson.of(dist);
    }

    /** The last-known-good copies kept, one per config file. */
    private long lastGoodCopies() throws java.io.IOException {
        Path dir = dist.home.resolve("data/config");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("last-good-") && !n.endsWith(".meta.json")).count();
        }
    }

    /** Starts on a valid file (saving it as last-known-good), stops, then cuts the file short. */
    private byte[] startStopAndTruncate(Path config, int port) throws Exception {
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        awaitRunning("alpha");
        assertEquals(1, lastGoodCopies(), "the copy of " + config);
        assertEquals(0, dist.vigil("stop").code());
        byte[] whole = Files.readAllBytes(config);
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        Files.write(config, cut);
        assertFalse(Dist.answers(port));
        return cut;
    }

    @Test
    void unusableFileAtStartRunsOnTheLastKnownGoodCopyAndSaysSo() throws Exception {
        int port = Dist.freePort();
        Path config = dist.writeConfig("app.json", services(Dist.demoService("alpha", port, "")));
        byte[] cut = startStopAndTruncate(config, port);

        Dist.Result start = dist.vigil("start", "-c", config.toString());
        assertEquals(0, start.code(), start.all());
        assertTrue(start.all().contains("last-known-good copy of " + config), "vigil start says so:\n" + start.all());
        awaitRunning("alpha");
        Dist.await(WAIT, "alpha answering", () -> HttpText.get(port).startsWith("alpha (pid"));

        Dist.Result status = dist.vigil("status");
        assertEquals(1, status.code(), "a fallback is degraded even with every service running:\n" + status.out());
        assertTrue(status.out().startsWith("NOTICE: running on the last-known-good copy of " + config), status.out());
        assertTrue(StatusJson.of(dist).notices().get(0).startsWith("running on the last-known-good copy of " + config));
        assertTrue(Files.readString(dist.home.resolve("logs/vigil.log")).contains("CONFIG FALLBACK"));
        assertTrue(dist.vigil("ctl", "vigil:config").out().contains("notice: running on the last-known-good copy"));
        assertArrayEquals(cut, Files.readAllBytes(config), "the broken file must be left untouched");
    }

    @Test
    void editsWhileRunningAreRefusedWhenBrokenAndAppliedByDiffWhenValid() throws Exception {
        Path config = dist.writeConfig("live.json", services(sleeper("keep", 1000), sleeper("change", 1001),
                sleeper("gone", 1002)));
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        StatusJson before = awaitRunning("keep", "change", "gone");

        Files.writeString(config, "{\"services\": {\"keep\": {\"command\": [\"sleep\", ");
        Dist.await(WAIT, "a notice that the change was refused", () -> StatusJson.of(dist).notices().stream()
                .anyMatch(n -> n.startsWith("the change to " + config) && n.contains("was refused")));
        StatusJson refused = StatusJson.of(dist);
        assertEquals(1, refused.code, refused.toString());
        for (String s : new String[] {"keep", "change", "gone"}) {
            assertEquals(before.pid(s), refused.pid(s), s + " must not be touched by a refused change");
        }
        assertTrue(dist.vigil("status").out().startsWith("NOTICE: the change to " + config));
        assertTrue(dist.vigil("ctl", "vigil:config").out().contains("notice: the change to " + config));

        Files.writeString(config, services(sleeper("keep", 1000), sleeper("change", 1003), sleeper("added", 1004)));
        Dist.await(WAIT, "added running", () -> StatusJson.of(dist).running("added"));
        StatusJson after = awaitRunning("keep", "change", "added");
        assertEquals(before.pid("keep"), after.pid("keep"), "an unchanged service keeps its process");
        assertNotEquals(before.pid("change"), after.pid("change"), "a changed service is restarted");
        assertTrue(ProcessHandle.of(after.pid("change")).flatMap(p -> p.info().commandLine()).orElse("")
                .contains("1003"), "change runs its new command");
        assertFalse(after.lists("gone"), after.toString());
        Dist.await(WAIT, "gone's process ended",
                () -> !ProcessHandle.of(before.pid("gone")).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(ProcessHandle.of(before.pid("change")).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(after.notices().isEmpty(), "a valid change clears the refusal: " + after);
        Dist.await(WAIT, "status 0", () -> StatusJson.of(dist).code == 0);

        Dist.Result reload = dist.vigil("ctl", "vigil:config", "reload");
        assertEquals(0, reload.code(), reload.all());
        assertTrue(reload.out().contains("reloaded " + config + ": 3 services"), reload.out());
        assertEquals(after.pid("keep"), StatusJson.of(dist).pid("keep"), "reloading an unchanged file restarts nothing");
    }

    @Test
    void fixingTheFileAfterAFallbackKeepsUnchangedServicesRunning() throws Exception {
        int port = Dist.freePort();
        Path config = dist.writeConfig("app.json", services(Dist.demoService("alpha", port, "")));
        startStopAndTruncate(config, port);
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        long pid = awaitRunning("alpha").pid("alpha");

        Files.writeString(config, services(Dist.demoService("alpha", port, "")));
        Dist.await(WAIT, "the fallback notice gone", () -> StatusJson.of(dist).notices().isEmpty());
        // The notice goes as the new config is published; the supervisor applies it right after.
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < until) {
            StatusJson after = StatusJson.of(dist);
            assertEquals(pid, after.pid("alpha"), "alpha's definition did not change, so it must keep running: " + after);
        }
        assertEquals(0, StatusJson.of(dist).code);
    }

    @Test
    void unusableFileWithoutALastKnownGoodCopyIsRefused() throws Exception {
        Path config = dist.writeConfig("app.json", "{\n  \"services\": {\n    \"alpha\": {\"command\": [\"sleep\",");
        byte[] bytes = Files.readAllBytes(config);
        Dist.Result start = dist.vigil("start", "-c", config.toString());
        assertEquals(1, start.code(), start.all());
        assertTrue(start.err().contains(config + ":3:") && start.err().contains("invalid JSON"), start.err());
        assertEquals(0, lastGoodCopies());
        assertFalse(Files.exists(dist.home.resolve("data/vigil.pid")));
        assertEquals(3, dist.vigil("status").code());
        assertArrayEquals(bytes, Files.readAllBytes(config));
    }

    @Test
    void profileOverlayChangesAService() throws Exception {
        int basePort = Dist.freePort();
        int prodPort = Dist.freePort();
        Path config = dist.writeConfig("vigil.json", services(Dist.demoService("alpha", basePort, ""),
                sleeper("beta", 1000)));
        dist.writeConfig("vigil.prod.json", "{\"services\": {\"alpha\": {\"ports\": {\"http\": " + prodPort
                + "}, \"env\": {\"MODE\": \"prod\"}}}}");

        Dist.Result start = dist.vigil("start", "-c", config.toString(), "--profile", "prod");
        assertEquals(0, start.code(), start.all());
        StatusJson status = awaitRunning("alpha", "beta");
        assertEquals(prodPort, status.port("alpha", "http"), status.toString());
        Dist.await(WAIT, "alpha answering on the prod port", () -> HttpText.get(prodPort).startsWith("alpha (pid"));
        assertFalse(Dist.answers(basePort));
        String env = Files.readString(Path.of("/proc/" + status.pid("alpha") + "/environ"));
        assertTrue(env.contains("MODE=prod\0"), "the overlay's env reaches the process");

        String shown = dist.vigil("ctl", "vigil:config").out();
        assertTrue(shown.contains("(profile prod)"), shown);
        String alpha = dist.vigil("ctl", "vigil:config", "show").out();
        assertTrue(alpha.contains(Integer.toString(prodPort)) && alpha.contains("prod"), alpha);
    }

    @Test
    void forcedReloadOfABrokenFileFailsTheCommand() throws Exception {
        Path config = dist.writeConfig("live.json", services(sleeper("keep", 1000)));
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        long pid = awaitRunning("keep").pid("keep");
        Files.writeString(config, "{\"services\": {\"keep\": ");

        Dist.Result reload = dist.vigil("ctl", "vigil:config", "reload");
        assertTrue(reload.all().contains("refused") && reload.all().contains(config + ":1:"), reload.all());
        assertEquals(pid, StatusJson.of(dist).pid("keep"));
        assertEquals(1, reload.code(), reload.all());
    }
}
