package dev.vigil.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.LogPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes, spawned the supervisor's way and the JDK's way, watched to their end. */
class ExitWatchTest {
    @TempDir
    Path dir;

    private final ExitWatch watch = new ExitWatch();

    @AfterEach
    void close() {
        watch.close();
    }

    private long spawn(String... argv) throws Exception {
        LogSink log = new LogSink(dir.resolve("pipes/t.out"), dir.resolve("t.log"), LogPolicy.DEFAULT);
        return Spawner.spawn(List.of(argv), Map.of("PATH", System.getenv("PATH")), dir, log.fifo());
    }

    @Test
    void aChildsExitCodeAndSignalAreReaped() throws Exception {
        ExitWatch.Status code = watch.watch(spawn("sh", "-c", "exit 7"), true).get(10, TimeUnit.SECONDS);
        assertEquals(new ExitWatch.Status(7, null), code);
        long sleeper = spawn("sleep", "100");
        var exit = watch.watch(sleeper, true);
        ProcessHandle.of(sleeper).orElseThrow().destroyForcibly();
        assertEquals(new ExitWatch.Status(null, 9), exit.get(10, TimeUnit.SECONDS));
        assertEquals(137, exit.get().combined());
        assertFalse(Files.exists(Path.of("/proc", Long.toString(sleeper))), "reaped, not left a zombie");
    }

    @Test
    void aProcessThatIsNotOurChildIsSeenToEndWithAnUnknownStatus() throws Exception {
        // Started by the JDK, which reaps it: to the watch it is another parent's process, as an adopted one is.
        Process other = new ProcessBuilder("sleep", "100").start();
        var exit = watch.watch(other.pid(), false);
        assertFalse(exit.isDone());
        other.destroy();
        ExitWatch.Status status = exit.get(10, TimeUnit.SECONDS);
        assertNull(status.combined());
        assertTrue(other.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void aProcessAlreadyGoneCompletesAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertEquals(ExitWatch.Status.UNKNOWN, watch.watch(gone.pid(), false).get(10, TimeUnit.SECONDS));
    }

    @Test
    void theSpawnedProcessLeadsASessionOfItsOwn() throws Exception {
        long pid = spawn("sleep", "100");
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            assertEquals(String.valueOf(pid), fields[3], "session id"); // field 6 of stat
            assertEquals(String.valueOf(pid), fields[2], "process group"); // field 5
        } finally {
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            watch.watch(pid, true).get(10, TimeUnit.SECONDS);
        }
    }
}
