package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a new operator meets in the first hour, through bin/vigil: one-line errors that name
 * what would have worked, Tab completion on a real terminal, an INFO column that says what
 * happened, a dependent's own error beside its dependency's, and the config as it runs.
 */
class FirstHourIT extends DaemonIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    private void start(String... services) throws IOException {
        Path config = dist.writeConfig("first.json", "{\"services\": {" + String.join(", ", services) + "}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
    }

    private StatusJson awaitUp(String... names) throws InterruptedException {
        StatusJson[] last = {null};
        Dist.await(WAIT, String.join(", ", names) + " RUNNING and UP", () -> {
            last[0] = StatusJson.of(dist);
            for (String n : names) {
                if (!last[0].state(n).equals("RUNNING") || !last[0].health(n).equals("UP")) {
                    return false;
                }
            }
            return true;
        });
        return last[0];
    }

    /** One line on stderr, exit 1, no Java in it. */
    private static String oneLineError(Dist.Result r) {
        assertEquals(1, r.code(), r.all());
        assertEquals(1, r.err().lines().count(), "one line:\n" + r.err());
        assertFalse(r.all().contains("Exception") || r.all().contains("\tat "), "no trace:\n" + r.all());
        return r.err();
    }

    @Test
    void errorsAreOneLineAndAnUnknownServiceListsTheKnownOnes() throws Exception {
        start(RecoveryCliIT.web("web", Integer.toString(Dist.freePort()), ""),
                RecoveryCliIT.web("api", Integer.toString(Dist.freePort()), ""));
        awaitUp("web", "api");

        String restart = oneLineError(dist.vigil("ctl", "vigil:restart", "wbe"));
        assertTrue(restart.contains("\"wbe\"") && restart.contains("api") && restart.contains("web"), restart);
        String health = oneLineError(dist.vigil("ctl", "vigil:health", "wbe"));
        assertTrue(health.contains("\"wbe\"") && health.contains("api") && health.contains("web"), health);
        String unknown = oneLineError(dist.vigil("ctl", "vigil:nosuch"));
        assertTrue(unknown.contains("vigil:nosuch") && unknown.contains("help"), unknown);
        String usage = oneLineError(dist.vigil("ctl", "vigil:start"));
        assertTrue(usage.contains("usage: vigil:start"), usage);
    }

    @Test
    void tabCompletesCommandsAndServiceNamesOnATerminal() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "script(1) from util-linux gives the shell a terminal");
        start(RecoveryCliIT.web("web-1", Integer.toString(Dist.freePort()), ""),
                RecoveryCliIT.web("web-2", Integer.toString(Dist.freePort()), ""));
        awaitUp("web-1", "web-2");

        // script(1) runs vigil shell on a pseudo-terminal; what is typed goes through JLine's
        // line editor there, Tab included, as at a keyboard.
        Process p = new ProcessBuilder(SCRIPT.toString(), "-qfec", dist.home.resolve("bin/vigil") + " shell", "/dev/null")
                .directory(dist.home.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("pty.out").toFile()).start();
        try (OutputStream keys = p.getOutputStream()) {
            awaitOutput(p, "vigil> ");
            type(keys, "vigil:resta\t");
            awaitOutput(p, "vigil:restart ");
            type(keys, "web-\t\t");
            awaitOutput(p, "web-2");
            type(keys, "\u0015exit\r");
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the shell leaves at exit:\n" + output());
        } finally {
            p.destroyForcibly();
        }
        String shown = output().replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
        assertTrue(shown.contains("vigil> vigil:restart "), "the command completed:\n" + shown);
        assertTrue(shown.contains("web-1") && shown.contains("web-2"), "both services offered:\n" + shown);
        assertFalse(shown.contains("Exception"), shown);
        assertEquals("RUNNING", StatusJson.of(dist).state("web-1"), "completing ran nothing");
    }

    @Test
    void startShowsItsProgressOnATerminalAndPlainLinesOtherwise() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "script(1) from util-linux gives the CLI a terminal");
        Path config = dist.writeConfig("first.json", "{\"services\": {"
                + RecoveryCliIT.web("web", Integer.toString(Dist.freePort()), "") + "}}");
        Process p = new ProcessBuilder(SCRIPT.toString(), "-qfec", dist.home.resolve("bin/vigil") + " start -c " + config,
                "/dev/null").directory(dist.home.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("pty.out").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "vigil start on a terminal returns:\n" + output());
        assertEquals(0, p.exitValue(), output());
        assertTrue(output().contains("starting Vigil ("), "a progress line while it waits:\n" + output());
        assertTrue(output().contains("Vigil started"), output());

        assertEquals(0, dist.vigil("stop").code());
        Dist.Result plain = dist.vigil("start", "-c", config.toString());
        assertEquals(0, plain.code(), plain.all());
        assertFalse(plain.all().contains("starting Vigil (") || plain.all().contains("\r"),
                "no progress line when stdout is a file:\n" + plain.all());
    }

    private static void type(OutputStream keys, String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    private String output() {
        try {
            return Files.readString(tmp.resolve("pty.out"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void awaitOutput(Process p, String text) throws InterruptedException {
        try {
            Dist.await(WAIT, "the terminal showing " + text, () -> output()
                    .replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").contains(text) || !p.isAlive());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the terminal showed:\n" + output(), e);
        }
        assertTrue(p.isAlive(), "the shell ended early:\n" + output());
    }

    @Test
    void infoSaysWhatHappenedAndADependentShowsItsOwnError() throws Exception {
        int nobody = Dist.freePort();
        start(RecoveryCliIT.web("db", Integer.toString(Dist.freePort()), ""),
                // app depends on db and has a check of its own that can never pass.
                "\"app\": {\"command\": [\"sleep\", \"600\"], \"dependsOn\": [\"db\"], \"recovery\": [],"
                        + " \"checks\": [{\"type\": \"tcp\", \"port\": " + nobody + ", \"interval\": \"200ms\","
                        + " \"timeout\": \"200ms\", \"failureThreshold\": 1}]}");
        StatusJson up = awaitUp("db");
        long pid = up.pid("db");

        HealthCli.signal(pid, "KILL");
        StatusJson[] last = {null};
        Dist.await(WAIT, "db restarted", () -> {
            last[0] = StatusJson.of(dist);
            return last[0].pid("db") != pid && last[0].state("db").equals("RUNNING");
        });
        Dist.Result status = dist.vigil("status");
        String row = status.out().lines().filter(l -> l.startsWith("db ")).findFirst().orElseThrow();
        assertTrue(row.contains("crashed (signal 9)") && row.contains("restarted"), "the INFO column: " + row);

        assertEquals(0, dist.vigil("ctl", "vigil:stop", "db").code());
        Dist.await(WAIT, "app DOWN for db and for itself", () -> {
            last[0] = StatusJson.of(dist);
            JsonObject app = last[0].service("app");
            return app.get("health").getAsString().equals("DOWN") && !app.get("healthCause").isJsonNull()
                    && app.get("healthCause").getAsString().contains("itself DOWN");
        });
        String cause = last[0].service("app").get("healthCause").getAsString();
        assertTrue(cause.startsWith("dependency db is DOWN"), cause);
        assertTrue(cause.contains("check tcp") && cause.contains(Integer.toString(nobody)), "app's own error: " + cause);
    }

    @Test
    void configShowPrintsChecksAndPortsAsTheyRun() throws Exception {
        int port = Dist.freePort();
        start(RecoveryCliIT.web("web", Integer.toString(port), ""));
        awaitUp("web");
        Dist.Result show = dist.vigil("ctl", "vigil:config", "show");
        assertEquals(0, show.code(), show.all());
        JsonObject web = JsonParser.parseString(show.out()).getAsJsonObject()
                .getAsJsonObject("services").getAsJsonObject("web");
        assertEquals(port, web.getAsJsonObject("ports").get("http").getAsInt(), show.out());
        JsonObject check = web.getAsJsonArray("checks").get(0).getAsJsonObject();
        assertEquals("http", check.get("type").getAsString(), show.out());
        assertEquals("250ms", check.get("interval").getAsString(), show.out());
        assertEquals(3, check.get("failureThreshold").getAsInt(), show.out());
        assertTrue(check.get("url").getAsString().startsWith("http://127.0.0.1:"), show.out());
    }
}
