package dev.vigil.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping a real process tree. The trees are built with sh here, in the test only; the
 * supervisor itself never runs a shell. An orphaned grandchild that exited is a zombie
 * until init reaps it (here only about every second), so "gone" means not running code:
 * {@link ProcessTree#running}.
 */
class ProcessTreeTest {
    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeEach
    void needsAShell() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh to build process trees");
    }

    @AfterEach
    void killLeftovers() {
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Starts {@code sh -c script} and returns once it has {@code children} descendants. */
    private Process tree(String script, int children) throws Exception {
        Process root = new ProcessBuilder("sh", "-c", script).start();
        started.add(root.toHandle());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<ProcessHandle> found = List.of();
        while (System.nanoTime() < deadline) {
            found = root.descendants().collect(Collectors.toList());
            if (found.size() >= children) {
                started.addAll(found);
                return root;
            }
            Thread.sleep(10); // polls for a condition; returns as soon as it holds
        }
        throw new AssertionError("expected " + children + " children of " + script + ", found " + found);
    }

    private static List<ProcessHandle> tree(Process root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root.toHandle());
        root.descendants().forEach(all::add);
        return all;
    }

    @Test
    void terminateStopsTheProcessAndAllItsDescendants() throws Exception {
        Process root = tree("sleep 100 & sleep 100 & wait", 2);
        List<ProcessHandle> all = tree(root);
        assertEquals(3, all.size());

        // The grace is an upper bound: terminate returns as soon as the tree is gone.
        boolean clean = ProcessTree.terminate(root.toHandle(), Duration.ofSeconds(20));

        assertTrue(clean, "every process exited on SIGTERM");
        all.forEach(p -> assertFalse(ProcessTree.running(p), () -> "pid " + p.pid() + " survived"));
        assertEquals(128 + 15, root.waitFor(), "the shell died of SIGTERM");
    }

    @Test
    void aTreeThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        // An ignored signal stays ignored in the children, so the sleep ignores SIGTERM too.
        Process root = tree("trap '' TERM; sleep 100 & sleep 100 & wait", 2);
        List<ProcessHandle> all = tree(root);
        Duration grace = Duration.ofMillis(300);

        long begin = System.nanoTime();
        boolean clean = ProcessTree.terminate(root.toHandle(), grace);
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertFalse(clean, "SIGKILL was needed");
        assertTrue(took.compareTo(grace) >= 0, () -> "killed after " + took.toMillis() + " ms, before the grace");
        all.forEach(p -> assertFalse(ProcessTree.running(p), () -> "pid " + p.pid() + " survived"));
        assertEquals(128 + 9, root.waitFor(), "the shell died of SIGKILL");
    }

    @Test
    void aSingleProcessThatIgnoresSigtermIsKilledToo() throws Exception {
        Process root = tree("trap '' TERM; sleep 100", 1);
        List<ProcessHandle> all = tree(root);

        assertFalse(ProcessTree.terminate(root.toHandle(), Duration.ofMillis(200)));
        all.forEach(p -> assertFalse(ProcessTree.running(p), () -> "pid " + p.pid() + " survived"));
    }

    @Test
    void aProcessThatAlreadyExitedIsNothingToDo() throws Exception {
        Process done = new ProcessBuilder("true").start();
        started.add(done.toHandle());
        done.waitFor();

        assertTrue(ProcessTree.terminate(done.toHandle(), Duration.ofSeconds(5)));
    }
}
