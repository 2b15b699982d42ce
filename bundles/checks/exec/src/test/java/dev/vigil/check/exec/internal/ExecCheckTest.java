package dev.vigil.check.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.Parameters;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec check running real programs: small sh scripts standing in for plugins that
 * warn, cannot tell or hang, and programs that do not exist.
 */
class ExecCheckTest {
    private static final long MARGIN_MS = 2_000;

    private final ExecCheck check = new ExecCheck();

    @TempDir
    Path dir;

    private CheckResult run(List<String> command, Duration timeout) throws Exception {
        return run(Map.of("command", command), timeout);
    }

    private CheckResult run(Map<String, Object> parameters, Duration timeout) throws Exception {
        CheckRequest request = new CheckRequest("web", ProcessHandle.current().pid(), Map.of(),
                new Parameters(parameters), timeout);
        return check.run(request).toCompletableFuture().get(timeout.toMillis() + MARGIN_MS, TimeUnit.MILLISECONDS);
    }

    /** A plugin written as a sh script; tests may use a shell, the check itself never does. */
    private List<String> plugin(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, body);
        return List.of("sh", script.toString());
    }

    @Test
    void exitOneIsDegradedWithTheFirstLine() throws Exception {
        CheckResult r = run(plugin("warn.sh", "echo 'QUEUE WARNING - 120 jobs | jobs=120;100;500'\necho detail\nexit 1\n"),
                Duration.ofSeconds(5));
        assertEquals(HealthStatus.DEGRADED, r.status());
        assertEquals("QUEUE WARNING - 120 jobs", r.message());
        assertEquals(Map.of("jobs", 120.0), r.metrics());
    }

    @Test
    void exitTwoIsDown() throws Exception {
        CheckResult r = run(plugin("crit.sh", "echo 'QUEUE CRITICAL - stuck'\nexit 2\n"), Duration.ofSeconds(5));
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("QUEUE CRITICAL - stuck", r.message());
    }

    @Test
    void exitThreeIsUnknown() throws Exception {
        CheckResult r = run(plugin("unknown.sh", "echo 'QUEUE UNKNOWN - cannot reach the broker' >&2\nexit 3\n"),
                Duration.ofSeconds(5));
        assertEquals(HealthStatus.UNKNOWN, r.status());
        assertEquals("QUEUE UNKNOWN - cannot reach the broker", r.message(), "stderr counts as output too");
    }

    @Test
    void theProgramKnowsItsServiceAndRunsInCwd() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        CheckResult r = run(Map.of("command", plugin("where.sh", "echo \"$VIGIL_SERVICE in $(pwd)\"\n"),
                "cwd", work.toString()), Duration.ofSeconds(5));
        assertEquals(HealthStatus.UP, r.status());
        assertEquals("web in " + work.toRealPath(), r.message());
    }

    @Test
    void aProgramPastTheTimeoutIsKilledWithItsChildren() throws Exception {
        Path pids = dir.resolve("pids");
        List<String> command = plugin("hang.sh", "sleep 60 &\necho \"$$ $!\" > " + pids + ".tmp\nmv " + pids + ".tmp "
                + pids + "\nwait\n");
        long start = System.nanoTime();
        CheckResult r = run(command, Duration.ofMillis(500));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("sh gave no answer within 500 ms; killed", r.message());
        assertTrue(took >= 500 && took < 500 + MARGIN_MS, "took " + took + " ms");
        assertTrue(Files.exists(pids), "the script did not start within the timeout");
        for (String pid : Files.readString(pids).trim().split(" ")) {
            assertTrue(gone(Long.parseLong(pid), Duration.ofSeconds(2)), "process " + pid + " still runs");
        }
    }

    /**
     * Whether a process has ended within the wait. A killed grandchild may stay a zombie
     * when pid 1 does not reap (as in some containers): it runs nothing, so it counts as gone.
     */
    private static boolean gone(long pid, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        while (true) {
            String s;
            try {
                s = Files.readString(stat);
            } catch (IOException e) {
                return true;
            }
            if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aMissingProgramIsUnknownCannotRun() throws Exception {
        CheckResult r = run(List.of("/no/such/check_thing", "-w", "1"), Duration.ofSeconds(5));
        assertEquals(HealthStatus.UNKNOWN, r.status());
        assertTrue(r.message().startsWith("cannot run /no/such/check_thing: "), r.message());
    }

    @Test
    void aMissingProgramLeavesNoTemporaryFileBehind() throws Exception {
        Set<Path> before = outputFiles();
        for (int i = 0; i < 3; i++) {
            run(List.of("/no/such/check_thing"), Duration.ofSeconds(5));
        }
        Set<Path> left = new HashSet<>(outputFiles());
        left.removeAll(before);
        // Other builds on this machine may have a run in progress: their files go within moments.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left.removeIf(p -> !Files.exists(p));
        }
        assertEquals(Set.of(), left);
    }

    private static Set<Path> outputFiles() throws IOException {
        Set<Path> out = new HashSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
                "vigil-exec-*.out")) {
            s.forEach(out::add);
        }
        return out;
    }

    @Test
    void noCommandIsRejectedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(Map.of(), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("parameter \"command\" is missing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> run(List.of(), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("parameter \"command\" is empty; give an argv array"), e.getMessage());
    }
}
