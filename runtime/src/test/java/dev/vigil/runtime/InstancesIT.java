package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code "instances": N} and {@code vigil scale}: copies with their own processes and ports, scaled at run time. */
class InstancesIT extends DaemonIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Ports in web's range: room for up to this many copies. */
    private static final int RANGE = 6;

    private int base;

    /** config/web.json: web with {@code instances} copies of the demo HTTP service, each named web-i, and db. */
    private Path config(int instances) throws Exception {
        if (base == 0) {
            base = FreePorts.consecutive(RANGE);
        }
        return dist.writeConfig("web.json", "{\"services\": {\"web\": {\"command\": [\"${vigil.java}\","
                + " \"-XX:+UseSerialGC\", \"-Xmx16m\", \"-XX:TieredStopAtLevel=1\", \"-cp\","
                + " \"${vigil.home}/lib/vigil-runtime.jar\", \"dev.vigil.demo.DemoService\", \"web-${instance}\","
                + " \"${port.http}\"], \"instances\": " + instances + ", \"ports\": {\"http\": {\"preferred\": "
                + base + ", \"range\": \"" + base + "-" + (base + RANGE - 1) + "\"}}, \"stopTimeout\": \"3s\"},"
                + " \"db\": {\"command\": [\"sleep\", \"600\"]}}}");
    }

    private static List<String> copies(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "web#" + i).toList();
    }

    /** Waits until exactly copies 1..n of web run, each answering its own port; returns their pids. */
    private Map<String, Long> awaitCopies(int n) throws InterruptedException {
        List<String> names = copies(1, n);
        StatusJson status = Dist.awaitValue(WAIT, names + " RUNNING and no other copy", () -> StatusJson.of(dist),
                s -> s.running(names.toArray(String[]::new)) && !s.lists("web#" + (n + 1)));
        for (int i = 1; i <= n; i++) {
            int port = status.port("web#" + i, "http");
            String banner = "web-" + i + " (pid " + status.pid("web#" + i) + ")";
            Dist.await(WAIT, "web#" + i + " answering as " + banner + " on " + port,
                    () -> HttpText.get(port).startsWith(banner));
        }
        return status.pids(names);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String environment(long pid) throws Exception {
        return Files.readString(Path.of("/proc/" + pid + "/environ"));
    }

    private void start(int instances) throws Exception {
        Dist.Result start = dist.vigil("start", "-c", config(instances).toString());
        assertEquals(0, start.code(), start.all());
    }

    @Test
    void copiesRunOnTheirOwnPortsAndScaleWithoutTouchingTheOthers() throws Exception {
        start(3);
        Map<String, Long> three = awaitCopies(3);
        StatusJson status = StatusJson.of(dist);
        assertEquals(3, new HashSet<>(three.values()).size(), "three distinct pids: " + three);
        List<Integer> ports = copies(1, 3).stream().map(n -> status.port(n, "http")).toList();
        assertEquals(3, new HashSet<>(ports).size(), "three distinct ports: " + ports);
        ports.forEach(p -> assertTrue(p >= base && p < base + RANGE, p + " in " + base + "-" + (base + RANGE - 1)));
        for (int i = 1; i <= 3; i++) {
            assertTrue(environment(three.get("web#" + i)).contains("\0VIGIL_INSTANCE=" + i + "\0"), "web#" + i);
        }

        Dist.Result up = dist.vigil("scale", "web", "5");
        assertEquals(0, up.code(), up.all());
        assertEquals("web: 3 -> 5 copies (web#4, web#5 started); config says 3", up.out().strip());
        Map<String, Long> five = awaitCopies(5);
        copies(1, 3).forEach(n -> assertEquals(three.get(n), five.get(n), n + " kept its process"));
        Dist.Result shown = dist.vigil("ctl", "vigil:config");
        assertTrue(shown.out().contains("scaled: web runs 5 copies, config says 3"), shown.all());
        Dist.Result report = dist.vigil("status");
        assertTrue(report.out().contains("SCALED: web runs 5 copies, config says 3 (vigil:scale web 3 goes back)"),
                report.all());
        assertTrue(report.out().lines().noneMatch(l -> l.startsWith("NOTICE:") && l.contains("scale")),
                "a scale is the operator's choice, no notice that turns the verdict to warn:\n" + report.all());
        String json = dist.vigil("status", "--json").out();
        assertTrue(json.replaceAll("\\s", "").contains("\"scaled\":{\"web\":{\"copies\":5,\"configured\":3}}"), json);

        Dist.Result down = dist.vigil("ctl", "vigil:scale", "web", "2");
        assertEquals(0, down.code(), down.all());
        assertEquals("web: 5 -> 2 copies (web#5, web#4, web#3 stopped); config says 3", down.out().strip());
        Map<String, Long> two = awaitCopies(2);
        copies(1, 2).forEach(n -> assertEquals(three.get(n), two.get(n), n + " kept its process"));
        for (String gone : copies(3, 5)) {
            Dist.await(WAIT, gone + " (pid " + five.get(gone) + ") gone", () -> !alive(five.get(gone)));
        }

        ProcessHandle.of(two.get("web#2")).orElseThrow().destroyForcibly();
        long restarted = Dist.awaitValue(WAIT, "web#2 running again with a new pid", () -> StatusJson.of(dist),
                s -> s.running("web#2") && s.pid("web#2") != two.get("web#2")).pid("web#2");
        Map<String, Long> after = awaitCopies(2);
        assertEquals(restarted, after.get("web#2"));
        assertNotEquals(two.get("web#2"), restarted);
        assertEquals(two.get("web#1"), after.get("web#1"), "web#1 was not restarted with web#2");
    }

    @Test
    void theOverrideOutlivesTheDaemonUntilTheConfigChangesTheInstances() throws Exception {
        start(2);
        awaitCopies(2);
        Dist.Result up = dist.vigil("scale", "web", "3");
        assertEquals(0, up.code(), up.all());
        awaitCopies(3);

        assertEquals(0, dist.vigil("stop").code());
        start(2);
        awaitCopies(3);
        Dist.Result listed = dist.vigil("scale");
        assertEquals("scaled: web runs 3 copies, config says 2 (vigil:scale web 2 goes back)", listed.out().strip());

        Path file = config(4);
        Dist.Result reload = dist.vigil("ctl", "vigil:config", "reload");
        assertEquals(0, reload.code(), reload.all() + Files.readString(file));
        awaitCopies(4);
        assertEquals("no service is scaled away from its config", dist.vigil("scale").out().strip());
        assertFalse(Files.exists(dist.home.resolve("data/config/scaled.json")));
    }

    @Test
    void badInputIsRefusedOnOneLineAndNothingChanges() throws Exception {
        start(2);
        Map<String, Long> before = awaitCopies(2);
        Map<List<String>, String> refusals = Map.of(
                List.of("webb", "3"), "no service named \"webb\"; known services: web, db",
                List.of("web", "0"), "N must be a whole number of copies 1-1000, found \"0\"",
                List.of("web", "-1"), "N must be a whole number of copies 1-1000, found \"-1\"",
                List.of("web", "abc"), "N must be a whole number of copies 1-1000, found \"abc\"",
                List.of("web", String.valueOf(RANGE + 1)), "services.web.ports.http.range: holds " + RANGE
                        + " port(s), but " + (RANGE + 1) + " instances need one each; widen it",
                List.of("db", "2"), "db has no \"instances\" in ",
                List.of("web#1", "3"), "\"web#1\" is one copy of web; scale the service: vigil:scale web 3");
        for (Map.Entry<List<String>, String> r : refusals.entrySet()) {
            List<String> argv = new java.util.ArrayList<>(List.of("scale"));
            argv.addAll(r.getKey());
            Dist.Result refused = dist.vigil(argv.toArray(String[]::new));
            assertNotEquals(0, refused.code(), argv + ": " + refused.all());
            List<String> lines = refused.all().strip().lines().toList();
            assertEquals(1, lines.size(), argv + ": " + refused.all());
            assertTrue(lines.get(0).contains(r.getValue()), argv + ": " + lines.get(0));
        }
        Dist.Result usage = dist.vigil("scale", "web");
        assertEquals(2, usage.code(), usage.all());
        assertTrue(usage.err().startsWith("vigil: scale takes a service and a number of copies"), usage.err());

        assertEquals(before, awaitCopies(2), "no copy was started, stopped or restarted");
        assertFalse(Files.exists(dist.home.resolve("data/config/scaled.json")));
    }
}
