package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recovery as a user meets it: services broken the way they break in production (kill -9,
 * SIGSTOP, a crash loop, a taken port, a daemon killed under its services, a hung
 * dependency, a strategy bundle dropped in and taken out), driven and read through bin/vigil
 * (status --json, ctl, recover, ports) and the files a user reads (data/journal.jsonl,
 * logs/). Every wait has a generous deadline; no test asserts how fast a repair is.
 */
class RecoveryCliIT extends DaemonIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    HealthCli cli;
    /** Processes a test started or left behind, killed whatever the outcome. */
    final List<Long> leftovers = new ArrayList<>();
    final List<AutoCloseable> held = new ArrayList<>();

    @BeforeEach
    void connectCli() {
        cli = new HealthCli(dist);
    }

    @AfterEach
    void killLeftovers() throws Exception {
        for (AutoCloseable c : held) {
            c.close();
        }
        for (long pid : leftovers) {
            ProcessHandle.of(pid).ifPresent(p -> {
                signalQuietly(pid, "CONT");
                p.destroyForcibly();
            });
        }
    }

    /** The demo HTTP service with a quick http check; {@code portJson} is a port, or a preferred port and range. */
    static String web(String name, String portJson, String extra) {
        String check = "\"checks\": [{\"type\": \"http\", \"url\": \"http://127.0.0.1:${port.http}/health\","
                + " \"interval\": \"250ms\", \"timeout\": \"200ms\", \"failureThreshold\": 3, \"retryInterval\": \"100ms\"}]";
        return Dist.demoService(name, 0, check + (extra.isEmpty() ? "" : ", " + extra))
                .replace("\"http\": 0", "\"http\": " + portJson);
    }

    static String range(int low, int count) {
        return "{\"preferred\": " + low + ", \"range\": \"" + low + "-" + (low + count - 1) + "\"}";
    }

    private Path start(String... services) throws IOException {
        Path config = dist.writeConfig("recovery.json", "{\"services\": {" + String.join(", ", services) + "}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
        return config;
    }

    private StatusJson awaitHealthy(String name) throws InterruptedException {
        try {
            Dist.await(DEADLINE, name + " RUNNING and UP", () -> {
                StatusJson s = StatusJson.of(dist);
                return s.state(name).equals("RUNNING") && s.health(name).equals("UP");
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + StatusJson.of(dist) + "\n" + journal(), e);
        }
        return StatusJson.of(dist);
    }

    private StatusJson awaitState(String name, String state) throws InterruptedException {
        try {
            Dist.await(DEADLINE, name + " " + state, () -> StatusJson.of(dist).state(name).equals(state));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + StatusJson.of(dist) + "\n" + journal(), e);
        }
        return StatusJson.of(dist);
    }

    /** Every recovery line of data/journal.jsonl, oldest first. */
    private List<JsonObject> journal() {
        try {
            return Files.readAllLines(dist.home.resolve("data/journal.jsonl"), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).map(l -> JsonParser.parseString(l).getAsJsonObject())
                    .filter(o -> o.get("type").getAsString().equals("recovery")).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<JsonObject> attempts(String service) {
        return journal().stream().filter(o -> o.get("service").getAsString().equals(service)).toList();
    }

    /** Waits for a journal line of the service matching {@code which}; returns the service's lines. */
    private List<JsonObject> awaitAttempt(String service, String what, Predicate<JsonObject> which)
            throws InterruptedException {
        try {
            Dist.await(DEADLINE, "a journal line of " + service + ": " + what,
                    () -> attempts(service).stream().anyMatch(which));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\njournal: " + journal() + "\n" + StatusJson.of(dist), e);
        }
        return attempts(service);
    }

    static Predicate<JsonObject> line(String strategy, String outcome) {
        return o -> o.get("strategy").getAsString().equals(strategy) && o.get("outcome").getAsString().equals(outcome);
    }

    static String field(JsonObject o, String name) {
        return o.get(name).getAsString();
    }

    static void signal(long pid, String signal) throws Exception {
        HealthCli.signal(pid, signal);
    }

    static void signalQuietly(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
        } catch (IOException e) {
            // Nothing to clean up then.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gone: no such process, or only its zombie is left (it runs no more and holds nothing). */
    static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    /** CPU time (user + system) the process has used, in ms, from /proc/PID/stat (in USER_HZ, 100 a second). */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    private String log(String name) throws IOException {
        Path file = dist.home.resolve("logs").resolve(name);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private void awaitLog(String name, String text) throws InterruptedException {
        Dist.await(DEADLINE, "logs/" + name + " saying \"" + text + "\"", () -> {
            try {
                return log(name).contains(text);
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void aKilledServiceIsBackAndTheRestartIsRecorded() throws Exception {
        int port = Dist.freePort();
        start(web("web", Integer.toString(port), ""));
        long pid = awaitHealthy("web").pid("web");

        signal(pid, "KILL");

        List<JsonObject> lines = awaitAttempt("web", "restart RECOVERED", line("restart", "RECOVERED"));
        StatusJson status = awaitHealthy("web");
        long now = status.pid("web");
        assertNotEquals(pid, now);
        Dist.await(DEADLINE, "web answering HTTP as its new process",
                () -> HttpText.get(port).startsWith("web (pid " + now + ")"));
        assertEquals(1, lines.size(), "one line in data/journal.jsonl: " + lines);
        JsonObject r = lines.get(0);
        assertEquals("CRASHED", field(r, "kind"), r.toString());
        assertTrue(field(r, "detail").contains("verified healthy"), r.toString());

        String report = cli.ctl("vigil:recoveries", "web");
        assertTrue(Pattern.compile("(?m)^restart\\s+1\\s+1\\s+100%\\s+\\d+ ms$").matcher(report).find(), report);
        assertTrue(report.contains("  web  CRASHED  restart  RECOVERED in "), report);
        JsonObject recovery = status.service("web").getAsJsonObject("recovery");
        assertEquals(1, recovery.get("attempts").getAsInt(), recovery.toString());
        assertEquals(1, recovery.get("successes").getAsInt(), recovery.toString());
        assertEquals(1.0, recovery.get("successRate").getAsDouble(), recovery.toString());
        assertFalse(recovery.get("mttrMillis").isJsonNull(), recovery.toString());
        assertTrue(recovery.get("active").isJsonNull(), recovery.toString());
    }

    @Test
    void aStoppedProcessGoesDownIsReplacedAndIsGone() throws Exception {
        int port = Dist.freePort();
        start(web("web", Integer.toString(port), ""));
        long pid = awaitHealthy("web").pid("web");
        leftovers.add(pid);
        Instant before = Instant.now();

        signal(pid, "STOP");

        cli.awaitHealthEvent(DEADLINE, "web", "UP", "DOWN", before);
        List<JsonObject> lines = awaitAttempt("web", "restart RECOVERED", line("restart", "RECOVERED"));
        JsonObject r = lines.get(lines.size() - 1);
        assertEquals("UNHEALTHY", field(r, "kind"), lines.toString());
        long now = awaitHealthy("web").pid("web");
        assertNotEquals(pid, now);
        Dist.await(Duration.ofSeconds(30), "the stopped process " + pid + " gone", () -> gone(pid));
        Dist.await(DEADLINE, "web answering as its new process", () -> HttpText.get(port).startsWith("web (pid " + now));
    }

    @Test
    void aCrashLoopBacksOffGoesFatalWithTheReasonAndCostsTheDaemonLittle() throws Exception {
        start("\"loop\": {\"command\": [\"sh\", \"-c\", \"exit 1\"], \"autostart\": false,"
                + " \"restart\": {\"backoff\": \"100ms..1s\", \"maxRestarts\": 4, \"window\": \"10m\"}}");
        awaitState("loop", "STOPPED");
        long daemon = dist.daemonPid();
        cli.ctl("vigil:services"); // the daemon's first shell session loads its classes: not the loop's cost
        long cpuBefore = cpuMillis(daemon);
        long wallBefore = System.nanoTime();

        cli.ctl("vigil:start", "loop");
        // The journal file is watched rather than the daemon asked, so that the asking costs it nothing.
        awaitAttempt("loop", "restart GAVE_UP", line("restart", "GAVE_UP"));

        long wall = (System.nanoTime() - wallBefore) / 1_000_000;
        long cpu = cpuMillis(daemon) - cpuBefore;
        System.out.println("RecoveryCliIT: the crash loop took " + wall + " ms; the daemon used " + cpu + " ms of CPU");
        // A daemon spinning through the loop would use a whole core; the first crashes also pay
        // for compiling their code paths, so the bound is half a core, not the usual figure.
        assertTrue(cpu < wall / 2, "the daemon used " + cpu + " ms of CPU in a " + wall + " ms crash loop");
        StatusJson status = awaitState("loop", "FATAL");
        assertEquals(2, status.code, status.toString());
        assertTrue(status.message("loop").endsWith("gave up after 4 restarts within 10m"), status.toString());
        Pattern after = Pattern.compile("restarted after (\\d+) ms");
        List<Long> delays = attempts("loop").stream().map(o -> after.matcher(field(o, "detail")))
                .filter(Matcher::find).map(m -> Long.parseLong(m.group(1))).toList();
        assertEquals(4, delays.size(), journal().toString());
        for (int i = 1; i < delays.size(); i++) {
            assertTrue(delays.get(i) > delays.get(i - 1), "the delays grow: " + delays);
        }
        assertTrue(delays.get(1) >= 100, "no delay under the 100 ms minimum: " + delays);
    }

    @Test
    void aForeignProcessOnThePortMovesTheServiceWithinItsRangeAndIsLeftAlone() throws Exception {
        int low = FreePorts.consecutive(5);
        start(web("web", range(low, 5), ""));
        assertEquals(low, awaitHealthy("web").port("web", "http"));
        cli.ctl("vigil:stop", "web");
        Dist.await(DEADLINE, "web's port free", () -> !Dist.answers(low));
        ForeignListener intruder = ForeignListener.start(dist.home, low);
        held.add(intruder);

        cli.ctl("vigil:start", "web");

        List<JsonObject> lines = awaitAttempt("web", "reassign-port RECOVERED", line("reassign-port", "RECOVERED"));
        assertEquals("PORT_CONFLICT", field(lines.get(lines.size() - 1), "kind"), lines.toString());
        assertTrue(lines.stream().anyMatch(o -> line("evict-squatter", "SKIPPED").test(o)
                && field(o, "detail").contains("pid " + intruder.pid())), "evict-squatter names the holder: " + lines);
        int moved = awaitHealthy("web").port("web", "http");
        assertTrue(moved > low && moved < low + 5, "moved within " + low + "-" + (low + 4) + ": " + moved);
        Dist.await(DEADLINE, "web answering on " + moved, () -> HttpText.get(moved).startsWith("web (pid"));
        assertTrue(intruder.process.isAlive(), "the intruder is untouched");
        assertTrue(HttpText.get(low).startsWith("squatter"), "the intruder still answers on " + low);

        Dist.Result ports = dist.vigil("ports");
        assertEquals(1, ports.code(), ports.all());
        String row = ports.out().lines().filter(l -> l.startsWith("web.http")).findFirst().orElseThrow();
        assertTrue(row.contains(Integer.toString(moved)) && row.contains("service web"), ports.out());
        assertTrue(ports.out().contains("prefers " + low + ", held by pid " + intruder.pid()), ports.out());
        assertTrue(ports.out().contains("it runs on " + moved), ports.out());
    }

    @Test
    void aCopyLeftByAKilledDaemonIsEvictedAndTheServiceIsBackOnItsPort() throws Exception {
        int port = Dist.freePort();
        Path config = start(web("web", Integer.toString(port), ""));
        long old = awaitHealthy("web").pid("web");
        leftovers.add(old);
        long daemon = dist.daemonPid();

        signal(daemon, "KILL");
        Dist.await(DEADLINE, "the daemon gone", () -> gone(daemon));
        assertFalse(gone(old), "the service outlives its daemon");
        assertTrue(HttpText.get(port).startsWith("web (pid " + old + ")"), "the old copy still answers");
        try (Stream<Path> data = Files.walk(dist.home.resolve("data"))) {
            for (Path p : data.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }

        Dist.Result again = dist.vigil("start", "-c", config.toString());
        assertEquals(0, again.code(), again.all());

        List<JsonObject> lines = awaitAttempt("web", "evict-squatter RECOVERED", line("evict-squatter", "RECOVERED"));
        assertTrue(lines.stream().allMatch(o -> field(o, "kind").equals("PORT_CONFLICT")),
                "a conflict found before recovery listened is still a conflict, not a crash: " + lines);
        assertEquals(1, lines.stream().filter(o -> !field(o, "outcome").equals("SKIPPED")).count(), lines.toString());
        Dist.await(Duration.ofSeconds(30), "the old copy " + old + " gone", () -> gone(old));
        StatusJson status = awaitHealthy("web");
        assertEquals(port, status.port("web", "http"), "back on its own port");
        long now = status.pid("web");
        assertNotEquals(old, now);
        Dist.await(DEADLINE, "the new copy answering on " + port,
                () -> HttpText.get(port).startsWith("web (pid " + now + ")"));
    }

    @Test
    void aLookalikeWithoutTheMarkerIsNeverKilledAndTheServiceMoves() throws Exception {
        int port = Dist.freePort();
        start(web("web", Integer.toString(port), ""));
        awaitHealthy("web");
        cli.ctl("vigil:stop", "web");
        Dist.await(DEADLINE, "web's port free", () -> !Dist.answers(port));
        ForeignListener lookalike = ForeignListener.start(dist.home, "web", port, Map.of());
        held.add(lookalike);

        cli.ctl("vigil:start", "web");

        List<JsonObject> lines = awaitAttempt("web", "reassign-port RECOVERED", line("reassign-port", "RECOVERED"));
        assertTrue(lines.stream().anyMatch(o -> line("evict-squatter", "SKIPPED").test(o)
                && field(o, "detail").contains("pid " + lookalike.pid())), "evict-squatter left it alone: " + lines);
        int moved = awaitHealthy("web").port("web", "http");
        assertNotEquals(port, moved);
        assertTrue(lookalike.process.isAlive(), "a process without Vigil's marker is never signalled");
        assertTrue(HttpText.get(port).startsWith("web (pid " + lookalike.pid() + ")"), "the lookalike still answers");
    }

    @Test
    void aHungDependencyIsRestartedAndItsDependentKeepsItsPid() throws Exception {
        start(web("db", Integer.toString(Dist.freePort()), ""),
                web("api", Integer.toString(Dist.freePort()), "\"dependsOn\": [\"db\"]"));
        long db = awaitHealthy("db").pid("db");
        long api = awaitHealthy("api").pid("api");
        leftovers.add(db);

        signal(db, "STOP");

        awaitAttempt("db", "restart RECOVERED", line("restart", "RECOVERED"));
        StatusJson status = awaitHealthy("db");
        assertNotEquals(db, status.pid("db"));
        Dist.await(Duration.ofSeconds(30), "the stopped db " + db + " gone", () -> gone(db));
        Dist.await(DEADLINE, "no recovery under way", () -> {
            StatusJson s = StatusJson.of(dist);
            return s.service("api").getAsJsonObject("recovery").get("active").isJsonNull()
                    && s.service("db").getAsJsonObject("recovery").get("active").isJsonNull();
        });
        status = awaitHealthy("api");
        assertEquals(api, status.pid("api"), "the dependent was not restarted for its dependency");
        assertEquals(0, status.service("api").getAsJsonObject("recovery").get("attempts").getAsInt(), status.toString());
        assertTrue(attempts("api").isEmpty(), "no journal line for api: " + attempts("api"));
        assertTrue(cli.ctl("vigil:recoveries", "api").contains("(no recovery attempts for api)"));
    }

    @Test
    void aStrategyDroppedIntoDeployIsUsedAndReportedNotInstalledOnceDeleted() throws Exception {
        int port = Dist.freePort();
        start(web("web", Integer.toString(port), "\"recovery\": [\"note-it\", \"restart\"]"));
        long first = awaitHealthy("web").pid("web");
        assertFalse(cli.ctl("vigil:strategies").contains("note-it"));

        Path part = dist.home.resolve("deploy/note-it.jar.part");
        TestBundle.build("dev.vigil.it.strategy", "dev.vigil.it.strategy", Map.of(), part,
                dist.home.resolve("bundles/vigil-api.jar"));
        Path jar = dist.home.resolve("deploy/note-it.jar");
        Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);
        Dist.await(DEADLINE, "vigil:strategies listing note-it", () -> cli.ctl("vigil:strategies").contains("note-it"));

        signal(first, "KILL");

        List<JsonObject> lines = awaitAttempt("web", "restart RECOVERED", line("restart", "RECOVERED"));
        assertEquals(List.of("note-it SKIPPED noted in note-it.txt", "restart RECOVERED"), summary(lines), lines.toString());
        assertTrue(log("note-it.txt").startsWith("web CRASHED: "), log("note-it.txt"));
        long second = awaitHealthy("web").pid("web");
        assertNotEquals(first, second);

        Files.delete(jar);
        Dist.await(DEADLINE, "vigil:strategies no longer listing note-it",
                () -> !cli.ctl("vigil:strategies").contains("note-it"));
        signal(second, "KILL");

        Dist.await(DEADLINE, "a second restart RECOVERED in the journal",
                () -> attempts("web").stream().filter(line("restart", "RECOVERED")).count() == 2);
        List<String> all = summary(attempts("web"));
        List<String> later = all.subList(2, all.size());
        assertEquals(List.of("note-it SKIPPED not installed; drop its bundle into deploy/", "restart RECOVERED"), later,
                journal().toString());
        assertEquals(1, log("note-it.txt").lines().count(), "the removed strategy noted nothing more");
        long third = awaitHealthy("web").pid("web");
        assertNotEquals(second, third);
        Dist.await(DEADLINE, "web answering as its third process", () -> HttpText.get(port).startsWith("web (pid " + third));
    }

    /** Each line as "strategy OUTCOME", with the detail of a skipped one. */
    private static List<String> summary(List<JsonObject> lines) {
        return lines.stream().map(o -> field(o, "strategy") + " " + field(o, "outcome")
                + (field(o, "outcome").equals("SKIPPED") ? " " + field(o, "detail") : "")).toList();
    }

    @Test
    void aDependentReferringToTheDependencysPortFollowsItToItsNewPort() throws Exception {
        int low = FreePorts.consecutive(5);
        start(web("db", range(low, 5), ""),
                "\"client\": {\"command\": [\"sh\", \"-c\", \"echo db at $DB_PORT; exec sleep 1000\"],"
                        + " \"env\": {\"DB_PORT\": \"${port.db.http}\"}, \"dependsOn\": [\"db\"], \"stopTimeout\": \"3s\"}");
        assertEquals(low, awaitHealthy("db").port("db", "http"));
        long client = awaitState("client", "RUNNING").pid("client");
        awaitLog("client.log", "db at " + low);
        cli.ctl("vigil:stop", "db");
        Dist.await(DEADLINE, "db's port free", () -> !Dist.answers(low));
        ForeignListener intruder = ForeignListener.start(dist.home, low);
        held.add(intruder);

        cli.ctl("vigil:start", "db");

        awaitAttempt("db", "reassign-port RECOVERED", line("reassign-port", "RECOVERED"));
        int moved = awaitHealthy("db").port("db", "http");
        assertNotEquals(low, moved);
        awaitLog("client.log", "db at " + moved);
        List<JsonObject> followed = awaitAttempt("client", "reassign-port RECOVERED", line("reassign-port", "RECOVERED"));
        assertTrue(field(followed.get(followed.size() - 1), "detail").contains("restarted to follow db"), followed.toString());
        long now = awaitState("client", "RUNNING").pid("client");
        assertNotEquals(client, now, "the client was restarted");
        Dist.await(Duration.ofSeconds(30), "the client's old process gone", () -> gone(client));
        assertTrue(intruder.process.isAlive(), "the intruder is untouched");
    }

    @Test
    void recoverStartsAFatalServiceThatCanRunAndSaysAllIsHealthy() throws Exception {
        int port = Dist.freePort();
        start(web("web", Integer.toString(port), "\"restart\": {\"maxRestarts\": 0}"));
        long pid = awaitHealthy("web").pid("web");
        signal(pid, "KILL");
        StatusJson fatal = awaitState("web", "FATAL");
        assertTrue(fatal.message("web").contains("gave up after 0 restarts"), fatal.toString());

        Dist.Result r = dist.vigil("recover");

        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("found: web CRASHED: FATAL: "), r.out());
        assertTrue(r.out().contains("did: web start -> RECOVERED"), r.out());
        assertTrue(r.out().contains("all services healthy"), r.out());
        long now = awaitHealthy("web").pid("web");
        assertNotEquals(pid, now);
        Dist.await(DEADLINE, "web answering again", () -> HttpText.get(port).startsWith("web (pid " + now));
    }

    @Test
    void recoverNamesAServiceThatCannotRunAsNotHealthy() throws Exception {
        start(web("web", Integer.toString(Dist.freePort()), ""),
                "\"broken\": {\"command\": [\"sh\", \"-c\", \"exit 1\"], \"restart\": {\"maxRestarts\": 0},"
                        + " \"verifyTimeout\": \"5s\"}");
        awaitHealthy("web");
        awaitState("broken", "FATAL");

        Dist.Result r = dist.vigil("recover");

        assertEquals(1, r.code(), r.all());
        assertTrue(r.out().contains("found: broken CRASHED: FATAL: "), r.out());
        assertTrue(r.out().contains("did: broken start -> FAILED"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("not healthy: broken FATAL")), r.out());
        assertFalse(r.out().contains("not healthy: web"), r.out());
        assertFalse(r.out().contains("all services healthy"), r.out());
        assertEquals("FATAL", StatusJson.of(dist).state("broken"));
        assertEquals("RUNNING", StatusJson.of(dist).state("web"));
    }
}
