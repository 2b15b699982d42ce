package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The daemon killed with -9 and started again, as a crash and systemd's restart would do
 * it: the services it left run on, the new daemon adopts them instead of starting copies,
 * and nothing in data/ is torn.
 */
class AdoptionIT extends DaemonIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int SERVICES = 10;

    private static String pythonServer(String name, String extra) {
        return "\"" + name + "\": {\"command\": [\"python3\", \"-m\", \"http.server\", \"--bind\", \"127.0.0.1\","
                + " \"${port.http}\"], \"ports\": {\"http\": \"auto\"}, \"stopTimeout\": \"3s\","
                + " \"checks\": [{\"type\": \"tcp\", \"port\": \"${port.http}\", \"interval\": \"500ms\"}]"
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private Path config(String extra) throws IOException {
        String services = String.join(",\n", IntStream.range(0, SERVICES)
                .mapToObj(i -> pythonServer("s" + i, i == 0 ? extra : "")).toList());
        return dist.writeConfig("adopt.json", "{\"services\": {\n" + services + "\n}}");
    }

    private StatusJson awaitAllUp() throws InterruptedException {
        StatusJson[] last = new StatusJson[1];
        Dist.await(DEADLINE, "every service RUNNING and UP", () -> {
            last[0] = StatusJson.of(dist);
            return IntStream.range(0, SERVICES).allMatch(i -> last[0].state("s" + i).equals("RUNNING")
                    && last[0].health("s" + i).equals("UP"));
        });
        return last[0];
    }

    private void killDaemon() throws InterruptedException {
        long pid = dist.daemonPid();
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        daemon.destroyForcibly();
        Dist.await(DEADLINE, "the daemon gone", () -> !daemon.isAlive());
    }

    /** How many processes serve on this port, whoever started them. */
    private static long serversOn(int port) {
        String suffix = "http.server --bind 127.0.0.1 " + port;
        return ProcessHandle.allProcesses().filter(p -> Dist.commandLine(p.pid()).endsWith(suffix)).count();
    }

    @Test
    void aKilledDaemonsServicesAreAdoptedNotStartedTwice() throws Exception {
        Path file = config("");
        Dist.Result started = dist.vigil("start", "-c", file.toString());
        assertEquals(0, started.code(), started.all());
        StatusJson before = awaitAllUp();
        Map<String, Long> pids = new HashMap<>();
        Map<String, Integer> ports = new HashMap<>();
        for (int i = 0; i < SERVICES; i++) {
            pids.put("s" + i, before.pid("s" + i));
            ports.put("s" + i, before.port("s" + i, "http"));
        }

        killDaemon();
        pids.forEach((name, pid) -> assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                name + " (pid " + pid + ") should outlive the daemon"));

        Dist.Result again = dist.vigil("start", "-c", file.toString());
        assertEquals(0, again.code(), again.all());
        StatusJson after = awaitAllUp();
        for (int i = 0; i < SERVICES; i++) {
            String name = "s" + i;
            assertEquals(pids.get(name), after.pid(name), name + " should be the same process: " + after);
            assertEquals(ports.get(name), after.port(name, "http"), name + "'s lease should not move");
            assertEquals(1, serversOn(ports.get(name)), name + " should run exactly once");
            assertTrue(after.message(name).contains("adopted"), after.message(name));
        }

        // An adopted service that crashes is repaired like any other.
        ProcessHandle.of(pids.get("s3")).orElseThrow().destroyForcibly();
        Dist.await(DEADLINE, "s3 restarted", () -> {
            StatusJson s = StatusJson.of(dist);
            return s.state("s3").equals("RUNNING") && s.pid("s3") != pids.get("s3") && s.pid("s3") > 0;
        });
        StatusJson repaired = StatusJson.of(dist);
        assertEquals(ports.get("s3"), repaired.port("s3", "http"));
        assertEquals(pids.get("s4"), repaired.pid("s4"), "the others are left alone");
        Dist.await(DEADLINE, "the restart of s3 in the journal", () -> journal().stream()
                .anyMatch(l -> l.contains("\"s3\"") && l.contains("restart")));
        everyDataFileIsValid();

        Dist.Result stopped = dist.vigil("stop");
        assertEquals(0, stopped.code(), stopped.all());
        for (int i = 0; i < SERVICES; i++) {
            assertEquals(0, serversOn(ports.get("s" + i)), "vigil stop leaves no server of s" + i);
        }
    }

    @Test
    void killsDuringConfigEditsLeaveEveryDataFileValid() throws Exception {
        Random random = new Random(8);
        Path file = config("\"env\": {\"EDIT\": \"0\"}");
        assertEquals(0, dist.vigil("start", "-c", file.toString()).code());
        awaitAllUp();
        for (int round = 1; round <= 4; round++) {
            config("\"env\": {\"EDIT\": \"" + round + "\"}"); // s0 changes: stopped, started, saved
            Thread.sleep(200 + random.nextInt(1200));
            killDaemon();
            everyDataFileIsValid();
            Dist.Result again = dist.vigil("start", "-c", file.toString());
            assertEquals(0, again.code(), again.all());
            awaitAllUp();
        }
        StatusJson last = StatusJson.of(dist);
        for (int i = 0; i < SERVICES; i++) {
            assertEquals(1, serversOn(last.port("s" + i, "http")), "s" + i + " should run exactly once");
        }
        assertEquals(0, dist.vigil("stop").code());
        everyDataFileIsValid();
    }

    private List<String> journal() {
        try {
            Path j = dist.home.resolve("data/journal.jsonl");
            return Files.exists(j) ? Files.readAllLines(j, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void everyDataFileIsValid() throws IOException {
        try (Stream<Path> files = Files.walk(dist.home.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json")) {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    assertNotEquals("", text.trim(), f + " is empty");
                    JsonParser.parseString(text);
                } else if (name.endsWith(".jsonl")) {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    for (int i = 0; i < lines.size(); i++) {
                        // A torn last line is what a kill -9 mid-append leaves; the journal skips it.
                        if (i < lines.size() - 1 || lines.get(i).endsWith("}")) {
                            JsonParser.parseString(lines.get(i));
                        }
                    }
                }
            }
        }
    }
}
