package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ports that are really free: a taken port is replaced, leases are kept, ranges are honoured. */
class PortsIT extends DaemonIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String FAST_GIVE_UP = "\"restart\": {\"backoff\": \"100ms..200ms\", \"maxRestarts\": 2}";

    final List<AutoCloseable> held = new ArrayList<>();

    @AfterEach
    void stopForeignListeners() throws Exception {
        for (AutoCloseable c : held) {
            c.close();
        }
    }

    private Path config(String... services) throws Exception {
        return dist.writeConfig("ports.json", "{\"services\": {" + String.join(", ", services) + "}}");
    }

    private StatusJson awaitRunning(String... names) throws InterruptedException {
        Dist.await(WAIT, String.join(", ", names) + " RUNNING", () -> StatusJson.of(dist).running(names));
        return StatusJson.of(dist);
    }

    /** The service prefers a port a foreign process holds; returns the port it got instead. */
    private int startOffATakenPort(ForeignListener foreign) throws Exception {
        Dist.Result start = dist.vigil("start", "-c", config(Dist.demoService("api", foreign.port, "")).toString());
        assertEquals(0, start.code(), start.all());
        int moved = awaitRunning("api").port("api", "http");
        assertTrue(moved > 0 && moved != foreign.port, "api should have moved off " + foreign.port + ", got " + moved);
        int port = moved;
        Dist.await(WAIT, "api answering HTTP on " + port, () -> HttpText.get(port).startsWith("api (pid"));
        return moved;
    }

    @Test
    void takenPreferredPortIsReplacedAndItsHolderNamed() throws Exception {
        ForeignListener foreign = ForeignListener.start(dist.home, Dist.freePort());
        held.add(foreign);
        int moved = startOffATakenPort(foreign);

        assertTrue(HttpText.get(foreign.port).startsWith("squatter"), "the foreign listener keeps its port");
        String env = Files.readString(Path.of("/proc/" + StatusJson.of(dist).pid("api") + "/environ"));
        assertTrue(env.contains("\0PORT=" + moved + "\0") && env.contains("\0VIGIL_PORT_HTTP=" + moved + "\0"),
                "PORT and VIGIL_PORT_HTTP carry the new port");
        assertTrue(Files.readString(dist.home.resolve("logs/api.log")).contains("api listening on 127.0.0.1:" + moved));
        String warn = Files.readString(dist.home.resolve("logs/vigil.log")).lines()
                .filter(l -> l.contains("moved from " + foreign.port + " to " + moved)).findFirst()
                .orElseThrow(() -> new AssertionError("no WARN about the move in logs/vigil.log"));
        assertTrue(warn.contains("WARN") && warn.contains("api") && warn.contains("pid " + foreign.pid()), warn);

        Dist.Result ports = dist.vigil("ports");
        assertEquals(1, ports.code(), ports.all());
        String row = ports.out().lines().filter(l -> l.startsWith("api.http")).findFirst().orElseThrow();
        assertTrue(row.contains(Integer.toString(moved)) && row.contains("yes") && row.contains("service api"), row);
        assertTrue(ports.out().contains("prefers " + foreign.port + ", held by pid " + foreign.pid()), ports.out());

        Dist.Result json = dist.vigil("ports", "--json");
        assertEquals(1, json.code(), json.all());
        JsonObject report = JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals("fail", report.get("status").getAsString());
        JsonObject api = report.getAsJsonArray("assignments").get(0).getAsJsonObject();
        assertEquals(moved, api.get("port").getAsInt());
        assertEquals("service api", api.get("heldBy").getAsString());
        assertTrue(api.get("reason").getAsString().contains("pid " + foreign.pid()), api.toString());
        List<String> conflicts = new ArrayList<>();
        report.getAsJsonArray("conflicts").forEach(c -> conflicts.add(c.getAsString()));
        assertTrue(conflicts.stream().anyMatch(c -> c.contains("pid " + foreign.pid())), conflicts.toString());
    }

    @Test
    void leaseSurvivesADaemonRestartAfterTheHolderLeft() throws Exception {
        ForeignListener foreign = ForeignListener.start(dist.home, Dist.freePort());
        held.add(foreign);
        int moved = startOffATakenPort(foreign);

        assertEquals(0, dist.vigil("stop").code());
        foreign.close();
        Dist.await(WAIT, "the preferred port free again", () -> !Dist.answers(foreign.port));
        assertTrue(Files.readString(dist.home.resolve("data/ports.json")).contains(Integer.toString(moved)));

        assertEquals(0, dist.vigil("start", "-c", dist.home.resolve("config/ports.json").toString()).code());
        assertEquals(moved, awaitRunning("api").port("api", "http"), "the lease should have been kept");
        Dist.await(WAIT, "api answering on its leased port", () -> HttpText.get(moved).startsWith("api (pid"));
        assertFalse(Dist.answers(foreign.port), "nobody should be on the preferred port");
        Dist.Result ports = dist.vigil("ports");
        assertEquals(0, ports.code(), ports.all());
        assertTrue(ports.out().contains("prefers " + foreign.port + ", which is free again; it keeps " + moved),
                ports.out());
    }

    @Test
    void exhaustedRangeKeepsOnlyThatServiceDown() throws Exception {
        int base = FreePorts.consecutive(2);
        for (ServerSocket s : FreePorts.hold(base, 2)) {
            held.add(s);
        }
        int other = Dist.freePort();
        String range = base + "-" + (base + 1);
        Dist.Result start = dist.vigil("start", "-c", config(
                "\"cramped\": {\"command\": [\"sleep\", \"60\"], \"ports\": {\"http\": {\"preferred\": " + base
                        + ", \"range\": \"" + range + "\"}}, " + FAST_GIVE_UP + "}",
                Dist.demoService("fine", other, "")).toString());
        assertEquals(0, start.code(), start.all());

        Dist.await(WAIT, "cramped FATAL", () -> StatusJson.of(dist).state("cramped").equals("FATAL"));
        StatusJson status = awaitRunning("fine");
        assertEquals(2, status.code, status.toString());
        assertTrue(status.message("cramped").contains("every port of " + range + " is taken"), status.toString());
        assertEquals(-1, status.pid("cramped"), status.toString());
        Dist.await(WAIT, "fine answering", () -> HttpText.get(other).startsWith("fine (pid"));
        String table = dist.vigil("status").out();
        String row = table.lines().filter(l -> l.startsWith("cramped")).findFirst().orElseThrow();
        assertTrue(row.contains("FATAL") && row.contains(range), row);
        assertTrue(Files.readString(dist.home.resolve("logs/vigil.log")).contains("every port of " + range));
    }

    @Test
    void overlappingRangesPreferringOnePortGetDifferentPorts() throws Exception {
        int base = FreePorts.consecutive(4);
        String spec = "{\"preferred\": " + base + ", \"range\": \"" + base + "-" + (base + 3) + "\"}";
        Dist.Result start = dist.vigil("start", "-c", config(
                Dist.demoService("one", 0, "").replace("\"http\": 0", "\"http\": " + spec),
                Dist.demoService("two", 0, "").replace("\"http\": 0", "\"http\": " + spec)).toString());
        assertEquals(0, start.code(), start.all());

        StatusJson status = awaitRunning("one", "two");
        int one = status.port("one", "http");
        int two = status.port("two", "http");
        assertNotEquals(one, two, status.toString());
        assertTrue(List.of(one, two).contains(base), "one of them gets the preferred port: " + one + ", " + two);
        for (int p : List.of(one, two)) {
            assertTrue(p >= base && p <= base + 3, p + " is outside " + base + "-" + (base + 3));
        }
        Dist.await(WAIT, "both answering", () -> HttpText.get(one).startsWith("one (pid")
                && HttpText.get(two).startsWith("two (pid"));
        JsonObject report = JsonParser.parseString(dist.vigil("ports", "--json").out()).getAsJsonObject();
        for (JsonElement a : report.getAsJsonArray("assignments")) {
            JsonObject o = a.getAsJsonObject();
            assertEquals("service " + o.get("service").getAsString(), o.get("heldBy").getAsString(), o.toString());
        }
    }

    @Test
    void twoServicesOnOneFixedPortAreAConfigError() throws Exception {
        int port = Dist.freePort();
        Path config = config(Dist.demoService("left", port, ""), Dist.demoService("right", port, ""));
        Dist.Result start = dist.vigil("start", "-c", config.toString());
        assertEquals(1, start.code(), start.all());
        assertTrue(start.err().contains("services.right.ports.http: port " + port
                + " is also declared by services.left.ports.http"), start.err());
        assertFalse(Dist.answers(port));
    }

    @Test
    void portsReportsAnExhaustedRangeAsAConflict() throws Exception {
        int base = FreePorts.consecutive(2);
        for (ServerSocket s : FreePorts.hold(base, 2)) {
            held.add(s);
        }
        assertEquals(0, dist.vigil("start", "-c", config("\"cramped\": {\"command\": [\"sleep\", \"60\"], \"ports\":"
                + " {\"http\": {\"preferred\": " + base + ", \"range\": \"" + base + "-" + (base + 1) + "\"}}, "
                + FAST_GIVE_UP + "}").toString()).code());
        Dist.await(WAIT, "cramped FATAL", () -> StatusJson.of(dist).state("cramped").equals("FATAL"));
        Dist.Result ports = dist.vigil("ports");
        assertEquals(1, ports.code(), ports.all());
        assertTrue(ports.out().contains("cramped.http") && ports.out().contains(base + "-" + (base + 1)), ports.out());
    }

    @Test
    void moveDuringAnOperatorStartIsLoggedInVigilLog() throws Exception {
        int port = Dist.freePort();
        assertEquals(0, dist.vigil("start", "-c", config(Dist.demoService("api", port, "")).toString()).code());
        awaitRunning("api");
        assertEquals(0, dist.vigil("ctl", "vigil:stop", "api").code());
        Dist.await(WAIT, "api's port free", () -> !Dist.answers(port));
        ForeignListener foreign = ForeignListener.start(dist.home, port);
        held.add(foreign);

        Dist.Result start = dist.vigil("ctl", "vigil:start", "api");
        assertEquals(0, start.code(), start.all());
        int moved = awaitRunning("api").port("api", "http");
        assertNotEquals(port, moved);
        String log = Files.readString(dist.home.resolve("logs/vigil.log"));
        assertTrue(log.contains("moved from " + port + " to " + moved), "no WARN in logs/vigil.log; ctl printed:\n"
                + start.err());
    }
}
