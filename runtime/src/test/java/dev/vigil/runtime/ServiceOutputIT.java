package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a service leaves behind: its logs within their cap, and no descendant after a stop. */
class ServiceOutputIT extends DaemonIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final long CAP = 256L * 1024 * 3; // the config's 256 KiB, plus 2 rotated files

    @Test
    void aServiceWritingAsFastAsItCanStaysWithinItsLogCap() throws Exception {
        Path file = dist.writeConfig("yes.json", "{\"defaults\": {\"log\": {\"maxSize\": \"1MiB\", \"files\": 5}},"
                + " \"services\": {\"yes\": {\"command\": [\"yes\"], \"log\": {\"maxSize\": \"256KiB\", \"files\": 2}}}}");
        assertEquals(0, dist.vigil("start", "-c", file.toString()).code());
        Dist.await(DEADLINE, "yes RUNNING", () -> StatusJson.of(dist).state("yes").equals("RUNNING"));
        Path logs = dist.home.resolve("logs");
        Dist.await(DEADLINE, "a rotated log", () -> Files.exists(logs.resolve("yes.log.1")));
        Thread.sleep(10_000); // the behaviour under test is "for as long as it writes"
        long total = logBytes(logs);
        assertTrue(total <= CAP, "yes's logs hold " + total + " bytes, over the cap of " + CAP);
        assertEquals("RUNNING", StatusJson.of(dist).state("yes"), "the writer is slowed, never stopped");
        // The files are read once the writer has stopped: while it writes they are renamed all the time.
        assertEquals(0, dist.vigil("ctl", "vigil:stop", "yes").code());
        assertTrue(Files.exists(logs.resolve("yes.log.2")) && Files.notExists(logs.resolve("yes.log.3")),
                "exactly the 2 rotated files the service's own policy keeps");
        assertEquals(256 * 1024, Files.size(logs.resolve("yes.log.1")), "rotated at the service's maxSize");
        String head = Files.readString(logs.resolve("yes.log.1"), StandardCharsets.UTF_8).substring(0, 64);
        assertTrue(head.matches("(y\n)+y?"), "rotated files hold the output itself: " + head);
    }

    @Test
    void aServiceRunsAsItsUser() throws Exception {
        Path file = dist.writeConfig("user.json", "{\"services\": {\"nobody\": {\"command\": [\"sleep\", \"86404\"],"
                + " \"cwd\": \"/\", \"user\": \"nobody\"}}}");
        assertEquals(0, dist.vigil("start", "-c", file.toString()).code());
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Dist.await(DEADLINE, "nobody RUNNING", () -> StatusJson.of(dist).state("nobody").equals("RUNNING"));
            long pid = StatusJson.of(dist).pid("nobody");
            assertEquals("nobody", Files.getOwner(Path.of("/proc", Long.toString(pid))).getName());
        } else {
            Dist.await(DEADLINE, "nobody refused", () -> StatusJson.of(dist).message("nobody")
                    .contains("only root can switch users"));
        }
    }

    @Test
    void aStopLeavesNoDoubleForkedOrSetsidDescendant() throws Exception {
        // The shell starts a setsid'd sleeper in a subshell that exits at once: the sleeper is
        // reparented away from the service's tree and in a session of its own.
        Path file = dist.writeConfig("fork.json", "{\"services\": {\"forks\": {\"command\": [\"sh\", \"-c\","
                + " \"(setsid sleep 86401 &); (sleep 86402 &); exec sleep 86403\"]}}}");
        assertEquals(0, dist.vigil("start", "-c", file.toString()).code());
        Dist.await(DEADLINE, "every sleeper", () -> sleepers().size() == 3);
        assertEquals(0, dist.vigil("stop").code());
        Dist.await(DEADLINE, "no sleeper left", () -> sleepers().isEmpty());
    }

    private static List<Long> sleepers() {
        return ProcessHandle.allProcesses().filter(p -> {
            String c = Dist.commandLine(p.pid());
            return c.equals("sleep 86401") || c.equals("sleep 86402") || c.equals("sleep 86403");
        }).map(ProcessHandle::pid).toList();
    }

    private static long logBytes(Path logs) throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            return files.filter(f -> f.getFileName().toString().startsWith("yes.log")).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}
