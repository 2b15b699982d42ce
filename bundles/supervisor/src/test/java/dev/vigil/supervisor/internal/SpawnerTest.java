package dev.vigil.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Memory;
import dev.vigil.api.LogPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes spawned with posix_spawn: what they are given is what they run with. */
class SpawnerTest {
    @TempDir
    Path dir;

    private final ExitWatch watch = new ExitWatch();

    @AfterEach
    void close() {
        watch.close();
    }

    @Test
    void everyChildGetsItsArgvAndEnvironmentIntactWhileTheCollectorRuns() throws Exception {
        LogSink log = new LogSink(dir.resolve("pipes/t.out"), dir.resolve("t.log"), LogPolicy.DEFAULT);
        // Collections free the native copies of argv and envp that nothing reaches any more;
        // fresh allocations reuse that memory. A child must never see it.
        AtomicBoolean done = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            while (!done.get()) {
                List<Memory> junk = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    Memory m = new Memory(64);
                    m.setMemory(0, 64, (byte) '#');
                    junk.add(m);
                }
                junk.clear();
                System.gc();
            }
        });
        churn.start();
        List<String> wrong = new ArrayList<>();
        try {
            for (int i = 0; i < 300 && wrong.size() < 5; i++) {
                String seconds = String.format("30.%06d", i);
                String marker = "SPAWNER_TEST=child-" + i;
                long pid = Spawner.spawn(List.of("sleep", seconds), Map.of("PATH", System.getenv("PATH"),
                        "SPAWNER_TEST", "child-" + i), dir, log.fifo());
                var exit = watch.watch(pid, true);
                String env = environOnceExecuted(pid);
                String argv = read(pid, "cmdline");
                if (!argv.equals("sleep " + seconds + " ") || !(" " + env).contains(" " + marker + " ")) {
                    wrong.add(pid + ": argv [" + argv + "] env [" + env + "]");
                }
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                exit.get(10, TimeUnit.SECONDS);
            }
        } finally {
            done.set(true);
            churn.join();
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * The child's environment once exec has set it up; "" if it died. posix_spawn returns as
     * soon as the child lets go of the parent's memory, before the kernel has laid out the new
     * stack, and it records the end of the environment after the end of argv: for a moment
     * {@code cmdline} is complete while {@code environ} still reads empty.
     */
    private static String environOnceExecuted(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String env = read(pid, "environ");
        while (env.isEmpty() && read(pid, "stat").matches("(?s)\\d+ \\(.*\\) [^Z] .*") && System.nanoTime() < deadline) {
            Thread.sleep(1);
            env = read(pid, "environ");
        }
        return env;
    }

    /** A /proc file of PID with NULs as spaces; "" once the process is gone (it died and was reaped). */
    private static String read(long pid, String file) throws Exception {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), file));
            return new String(b, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (FileSystemException gone) {
            return "";
        }
    }
}
