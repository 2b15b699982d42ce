package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The daemon's HTTP API as a probe, a dashboard and an operator's script use it, over real
 * sockets: {@code /health} in the health+json form with the code a load balancer reads,
 * {@code /status} the same document as {@code vigil status --json}, {@code /history} with a
 * restart in it, and the changes of state that need the bearer token of data/http.token.
 */
class HttpApiIT extends DaemonIT {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final String HEALTH_JSON = "application/health+json";

    int http;

    /** Starts the daemon with these services and its HTTP endpoint on a range of the test's; waits until it answers. */
    void start(String... services) throws Exception {
        http = FreePorts.consecutive(4);
        Path config = dist.writeConfig("http.json", "{\"system\": {\"http\": {\"port\": " + RecoveryCliIT.range(http, 4)
                + "}}, \"services\": {" + String.join(", ", services) + "}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
        Scrape first = Scrape.get(http, "/health");
        assertTrue(first.status > 0, "ready means /health answers, at once: " + first);
    }

    /** Scrapes {@code GET path} until {@code condition} holds, and returns that answer. */
    Scrape await(String path, String what, Predicate<Scrape> condition) throws InterruptedException {
        Scrape[] last = {null};
        try {
            Dist.await(DEADLINE, what, () -> condition.test(last[0] = Scrape.get(http, path)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer of " + path + ":\n" + last[0], e);
        }
        return last[0];
    }

    static JsonObject json(Scrape s) {
        return JsonParser.parseString(s.body).getAsJsonObject();
    }

    static String status(Scrape s) {
        return s.status > 0 && s.body.startsWith("{") ? json(s).get("status").getAsString() : "";
    }

    /** An error as the API promises one: that status, JSON with an error field, no trace, no HTML page. */
    static JsonObject assertJsonError(Set<Integer> statuses, int status, String contentType, String body) {
        String said = status + " " + contentType + "\n" + body;
        assertTrue(statuses.contains(status), "expected one of " + statuses + ", got " + said);
        assertTrue(contentType.startsWith("application/json"), said);
        JsonObject o = JsonParser.parseString(body).getAsJsonObject();
        assertFalse(o.get("error").getAsString().isBlank(), said);
        for (String leak : List.of("<html", "<HTML", "Exception", "\tat ", "at org.", "at dev.", "jetty")) {
            assertFalse(body.contains(leak), "a trace or page leaks (" + leak + "): " + said);
        }
        return o;
    }

    static JsonObject assertJsonError(int expected, Scrape s) {
        return assertJsonError(Set.of(expected), s.status, s.contentType, s.body);
    }

    /** An exec check whose plugin exits with the number in {@code level} (0 OK when there is none). */
    static String levelCheck(Path level) {
        return "\"checks\": [{\"type\": \"exec\", \"name\": \"level\", \"interval\": \"200ms\", \"timeout\": \"2s\","
                + " \"failureThreshold\": 1, \"command\": [\"sh\", \"-c\", \"echo level; exit $(cat " + level
                + " 2>/dev/null || echo 0)\"]}], \"recovery\": []";
    }

    @Test
    void healthIsPassWarnOrFailInTheHealthJsonFormWithTheCodeAProbeReads() throws Exception {
        Path level = tmp.resolve("level");
        Instant before = Instant.now();
        start(RecoveryCliIT.web("api", Integer.toString(Dist.freePort()), ""),
                "\"gauge\": {\"command\": [\"sleep\", \"600\"], " + levelCheck(level) + "}");
        Scrape pass = await("/health", "pass with api's http check and gauge's level check in",
                s -> status(s).equals("pass") && s.body.contains("\"checkName\":\"http\"")
                        && s.body.contains("\"checkName\":\"level\""));
        assertEquals(200, pass.status, pass.toString());
        assertEquals(HEALTH_JSON, pass.contentType.split(";")[0], pass.toString());
        JsonObject checks = json(pass).getAsJsonObject("checks");
        assertTrue(checks.keySet().containsAll(Set.of("api", "gauge")), pass.body);
        assertCheck(checks, "api", "http", "pass", before);
        assertCheck(checks, "gauge", "level", "pass", before);

        Scrape api = Scrape.get(http, "/health/api");
        assertEquals(200, api.status, api.toString());
        assertEquals(HEALTH_JSON, api.contentType.split(";")[0]);
        assertEquals("pass", status(api));
        assertEquals(Set.of("api"), json(api).getAsJsonObject("checks").keySet(), "only the service asked for");
        JsonObject unknown = assertJsonError(404, Scrape.get(http, "/health/nope"));
        assertTrue(unknown.get("message").getAsString().contains("nope"), unknown.toString());

        Files.writeString(level, "1");
        Scrape warn = await("/health/gauge", "gauge warns", s -> status(s).equals("warn"));
        assertEquals(200, warn.status, "a warning still takes traffic: " + warn);
        assertCheck(json(warn).getAsJsonObject("checks"), "gauge", "level", "warn", before);
        Scrape all = Scrape.get(http, "/health");
        assertEquals("warn", status(all), all.toString());
        assertEquals(200, all.status, all.toString());

        Files.writeString(level, "2");
        Scrape fail = await("/health/gauge", "gauge fails", s -> status(s).equals("fail"));
        assertEquals(503, fail.status, fail.toString());
        assertCheck(json(fail).getAsJsonObject("checks"), "gauge", "level", "fail", before);
        all = Scrape.get(http, "/health");
        assertEquals(503, all.status, all.toString());
        assertEquals("fail", status(all), all.toString());
        assertEquals(200, Scrape.get(http, "/health/api").status, "api is not gauge");

        // Stopped by an operator is not broken: the system warns again.
        Dist.Result stop = dist.vigil("ctl", "vigil:stop", "gauge");
        assertEquals(0, stop.code(), stop.all());
        Scrape stopped = await("/health", "gauge stopped: warn", s -> status(s).equals("warn"));
        assertEquals(200, stopped.status, stopped.toString());
        assertEquals("warn", status(Scrape.get(http, "/health/gauge")));
    }

    /** The check's entry in the service's array: its status, latency in ms and the time of its last result. */
    private static void assertCheck(JsonObject checks, String service, String check, String status, Instant after) {
        for (JsonElement e : checks.getAsJsonArray(service)) {
            JsonObject c = e.getAsJsonObject();
            if (c.get("componentType").getAsString().equals("check") && c.get("checkName").getAsString().equals(check)) {
                assertEquals(status, c.get("status").getAsString(), c.toString());
                assertEquals("ms", c.get("observedUnit").getAsString(), c.toString());
                assertTrue(c.get("observedValue").getAsDouble() >= 0, c.toString());
                assertTrue(Instant.parse(c.get("time").getAsString()).isAfter(after), "a result of this run: " + c);
                return;
            }
        }
        throw new AssertionError("no check " + check + " for " + service + " in " + checks);
    }

    @Test
    void statusIsTheDocumentOfVigilStatusJsonAndHistoryShowsARestart() throws Exception {
        start(RecoveryCliIT.web("api", Integer.toString(Dist.freePort()), ""),
                "\"worker\": {\"command\": [\"sleep\", \"600\"]}");
        Dist.await(DEADLINE, "api and worker RUNNING", () -> StatusJson.of(dist).running("api", "worker"));
        StatusJson cli = StatusJson.of(dist);
        Scrape s = Scrape.get(http, "/status");
        assertEquals(200, s.status, s.toString());
        assertTrue(s.contentType.startsWith("application/json"), s.contentType);
        JsonObject web = json(s);
        JsonObject shell = JsonParser.parseString(cli.text).getAsJsonObject();
        assertEquals(shell.keySet(), web.keySet());
        JsonArray services = web.getAsJsonArray("services");
        assertEquals(shell.getAsJsonArray("services").size(), services.size(), s.body);
        for (int i = 0; i < services.size(); i++) {
            JsonObject w = services.get(i).getAsJsonObject();
            JsonObject c = shell.getAsJsonArray("services").get(i).getAsJsonObject();
            String name = c.get("name").getAsString();
            assertEquals(name, w.get("name").getAsString(), "the same services in the same order");
            assertEquals(c.keySet(), w.keySet(), name);
            assertEquals(c.get("state"), w.get("state"), name);
            assertEquals(c.get("pid"), w.get("pid"), name);
            assertEquals(c.get("ports"), w.get("ports"), name);
            assertEquals(c.getAsJsonObject("recovery").keySet(), w.getAsJsonObject("recovery").keySet(), name);
        }

        long old = cli.pid("worker");
        Instant restarted = Instant.now();
        assertEquals(0, dist.vigil("ctl", "vigil:restart", "worker").code());
        Dist.await(DEADLINE, "worker restarted", () -> {
            StatusJson now = StatusJson.of(dist);
            return now.running("worker") && now.pid("worker") != old;
        });
        long pid = StatusJson.of(dist).pid("worker");
        Scrape history = await("/history/worker", "the restart in worker's history",
                h -> h.status == 200 && h.body.contains("started pid " + pid));
        assertTrue(history.contentType.startsWith("application/json"), history.contentType);
        JsonObject h = json(history);
        assertEquals("worker", h.get("service").getAsString());
        boolean exited = false;
        boolean started = false;
        for (JsonElement e : h.getAsJsonArray("events")) {
            JsonObject ev = e.getAsJsonObject();
            boolean after = !Instant.parse(ev.get("time").getAsString()).isBefore(restarted);
            exited |= after && ev.get("kind").getAsString().equals("EXIT");
            started |= after && ev.get("kind").getAsString().equals("STATE") && ev.get("to").getAsString().equals("STARTING")
                    && ev.get("message").getAsString().contains("started pid " + pid);
        }
        assertTrue(exited && started, "the old process's exit, then the new one's start: " + history.body);
        assertJsonError(404, Scrape.get(http, "/history/nope"));
    }

    @Test
    void changesNeedTheBearerTokenOfDataAndDoWhatTheySay() throws Exception {
        start(RecoveryCliIT.web("api", Integer.toString(Dist.freePort()), ""),
                "\"worker\": {\"command\": [\"sleep\", \"600\"]}");
        Dist.await(DEADLINE, "worker RUNNING", () -> StatusJson.of(dist).running("worker"));
        Path file = dist.home.resolve("data/http.token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = Files.readString(file).trim();
        assertTrue(token.length() >= 32, "a long random token: " + token.length() + " characters");
        long pid = StatusJson.of(dist).pid("worker");

        assertJsonError(401, Scrape.of("POST", http, "/services/worker/stop"));
        assertJsonError(401, Scrape.of("POST", http, "/services/worker/stop", "Authorization", "Bearer not-the-token"));
        assertJsonError(401, Scrape.of("POST", http, "/services/worker/stop", "Authorization", "Basic " + token));
        assertEquals(pid, StatusJson.of(dist).pid("worker"), "refused changes change nothing");
        assertTrue(ProcessHandle.of(pid).isPresent());

        Scrape stop = post("worker", "stop", token);
        assertEquals(200, stop.status, stop.toString());
        assertEquals("STOPPED", json(stop).get("state").getAsString(), stop.body);
        Dist.await(DEADLINE, "worker's process gone", () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                == Boolean.FALSE);
        assertEquals("STOPPED", StatusJson.of(dist).state("worker"));

        Scrape start = post("worker", "start", token);
        assertEquals(200, start.status, start.toString());
        Dist.await(DEADLINE, "worker RUNNING again", () -> StatusJson.of(dist).running("worker"));
        long started = StatusJson.of(dist).pid("worker");
        assertNotEquals(pid, started);
        assertTrue(ProcessHandle.of(started).isPresent(), "a live process");

        Scrape restart = post("worker", "restart", token);
        assertEquals(200, restart.status, restart.toString());
        Dist.await(DEADLINE, "worker on a new pid", () -> {
            StatusJson s = StatusJson.of(dist);
            return s.running("worker") && s.pid("worker") != started;
        });
        Dist.await(DEADLINE, "the old worker gone", () -> ProcessHandle.of(started).isEmpty()
                || !ProcessHandle.of(started).get().isAlive());
        // Serving gives way to the checks, but what it starts does not inherit that.
        long daemon = dist.daemonPid();
        Map<String, Integer> threads = threadNices(daemon);
        int base = niceOf(Path.of("/proc/" + daemon + "/stat"));
        assertTrue(threads.entrySet().stream().anyMatch(t -> t.getKey().startsWith("qtp") && t.getValue() == base + 10),
                "the threads that served are lowered by 10: " + threads);
        assertTrue(threads.entrySet().stream().filter(t -> !t.getKey().startsWith("qtp")).allMatch(t -> t.getValue() == base),
                "no other thread is, nor one made by a request: " + threads);
        assertEquals(base, niceOf(Path.of("/proc/" + StatusJson.of(dist).pid("worker") + "/stat")),
                "worker, restarted from a lowered thread, runs at the daemon's priority");

        assertJsonError(404, post("nope", "restart", token));
        assertJsonError(404, post("worker", "explode", token));
        assertTrue(StatusJson.of(dist).running("api"), "api was never touched");

        // Made at the first start, kept by the next.
        assertEquals(0, dist.vigil("stop").code());
        Dist.Result again = dist.vigil("start", "-c", dist.home.resolve("config/http.json").toString());
        assertEquals(0, again.code(), again.all());
        assertEquals(token, Files.readString(file).trim(), "the same token after a restart of the daemon");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Dist.await(DEADLINE, "the endpoint back", () -> Scrape.get(http, "/health").status > 0);
        assertEquals(200, post("worker", "restart", token).status, "the kept token still works");
    }

    /** Field 19 of a /proc stat file: the nice value. */
    static int niceOf(Path stat) throws IOException {
        String line = Files.readString(stat);
        return Integer.parseInt(line.substring(line.lastIndexOf(')') + 2).split(" ")[19 - 3]);
    }

    /** Each thread of the process, by name (names repeat: the lowest-numbered wins), and its nice value. */
    static Map<String, Integer> threadNices(long pid) throws IOException {
        Map<String, Integer> out = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.sorted().toList()) {
                try {
                    out.putIfAbsent(Files.readString(task.resolve("comm")).trim() + "/" + task.getFileName(),
                            niceOf(task.resolve("stat")));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a thread that ended meanwhile
                }
            }
        }
        return out;
    }

    private Scrape post(String service, String action, String token) {
        return Scrape.of("POST", http, "/services/" + service + "/" + action, "Authorization", "Bearer " + token);
    }
}
