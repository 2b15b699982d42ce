package dev.vigil.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.vigil.api.LogPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a launched process inherits from the thread that asked for it. */
class LauncherTest {
    /** Only the test lowers a thread's priority; the daemon itself never does. */
    interface Priorities extends Library {
        Priorities C = Native.load("c", Priorities.class);

        int setpriority(int which, int who, int prio);
    }

    @TempDir
    Path dir;

    private final ExitWatch exits = new ExitWatch();
    private final List<Long> started = new ArrayList<>();
    private final ExecutorService lowered = Executors.newSingleThreadExecutor();
    private Launcher launcher;
    private LogSink log;

    @AfterEach
    void cleanUp() throws Exception {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        lowered.shutdownNow();
        if (launcher != null) {
            launcher.close();
        }
        if (log != null) {
            log.close(true);
        }
        exits.close();
    }

    private static int niceOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // After "pid (comm) ": state is field 3, nice field 19.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }

    private <T> T onALoweredThread(int by, Callable<T> work) throws Exception {
        return lowered.submit(() -> {
            int now = niceOf(ProcessHandle.current().pid());
            if (Priorities.C.setpriority(LibC.PRIO_PROCESS, 0, now + by) != 0) {
                throw new IllegalStateException("setpriority: " + LibC.C.strerror(Native.getLastError()));
            }
            return work.call();
        }).get();
    }

    @Test
    void aServiceStartsAtTheDaemonsPriorityWhicheverThreadAsks() throws Exception {
        launcher = new Launcher("test-launcher-" + ProcessHandle.current().pid(), s -> Map.of(), exits);
        log = new LogSink(dir.resolve("pipes/sleeper.out"), dir.resolve("sleeper.log"), LogPolicy.DEFAULT);
        int daemon = niceOf(ProcessHandle.current().pid());
        Launcher.Launch sleep = new Launcher.Launch(List.of("sleep", "30"), Map.of(), dir, null, null);

        long direct = onALoweredThread(5, () -> Spawner.spawn(List.of("sleep", "30"), Map.of(), dir, log.fifo()));
        started.add(direct);
        assertEquals(daemon + 5, niceOf(direct), "a child takes the nice value of the thread that spawns it");

        long launched = onALoweredThread(5, () -> launcher.launch(sleep, "sleeper", log).pid());
        started.add(launched);
        assertEquals(daemon, niceOf(launched), "the launcher spawns it at the daemon's own priority");

        long plain = launcher.launch(sleep, "sleeper", log).pid();
        started.add(plain);
        assertEquals(daemon, niceOf(plain));
    }
}
