package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The background daemon's life: its own session, what stale files mean, and who may read its files. */
class DaemonLifecycleIT extends DaemonIT {

    private Path config() throws Exception {
        return dist.writeConfig("one.json", "{\"services\": {" + Dist.demoService("web", Dist.freePort(), "") + "}}");
    }

    @Test
    void backgroundDaemonRunsInItsOwnSession() throws Exception {
        assertEquals(0, dist.vigil("start", "-c", config().toString()).code());
        long daemon = dist.daemonPid();
        long session = session(daemon);
        assertNotEquals(session(ProcessHandle.current().pid()), session, "the daemon shares the caller's session");
        assertEquals(daemon, session, "the daemon leads its own session");
    }

    @Test
    void stalePidFileOfADeadProcessIsCleanedUp() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        leaveStaleFiles(gone.pid());
        assertNoDaemonAndStaleFilesRemoved();
        startAndStopWork();
    }

    @Test
    void stalePidFileNamingAnotherLiveProcessIsCleanedUpAndThatProcessLeftAlone() throws Exception {
        Process other = new ProcessBuilder("sleep", "300").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            leaveStaleFiles(other.pid());
            assertNoDaemonAndStaleFilesRemoved();
            assertTrue(other.isAlive(), "a process that is not a Vigil was signalled");
            startAndStopWork();
            assertTrue(other.isAlive(), "a process that is not a Vigil was signalled");
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void stopWithoutADaemonSaysSoAndNeverStopped() {
        Dist.Result stop = dist.vigil("stop");
        assertEquals(0, stop.code(), stop.all());
        assertTrue(stop.out().contains("Vigil is not running in " + dist.home), stop.out());
        assertFalse(stop.out().contains("stopped"), stop.out());
    }

    @Test
    void logsAreGroupReadableAtMostAndDataIsPrivate() throws Exception {
        assertEquals(0, dist.vigil("start", "-c", config().toString()).code());
        assertEquals("rwxr-x---", mode(dist.home.resolve("logs")));
        assertEquals("rw-r-----", mode(dist.home.resolve("logs/vigil.log")));
        assertEquals("rw-r-----", mode(dist.home.resolve("logs/vigil.out")));
        assertEquals("rwx------", mode(dist.home.resolve("data")));
        assertEquals("rw-------", mode(dist.home.resolve("data/vigil.sock")));
    }

    /** What a daemon killed with -9 leaves: its pid file and its socket, with nothing listening. */
    private void leaveStaleFiles(long pid) throws Exception {
        Path data = Files.createDirectories(dist.home.resolve("data"));
        Files.writeString(data.resolve("vigil.pid"), pid + "\n");
        Files.createFile(data.resolve("vigil.lock"));
        Files.createFile(data.resolve("vigil.sock"));
    }

    private void assertNoDaemonAndStaleFilesRemoved() {
        Dist.Result status = dist.vigil("status");
        assertEquals(3, status.code(), status.all());
        assertTrue(status.err().contains("no daemon runs in " + dist.home), status.err());
        assertTrue(status.err().contains("stale pid file"), status.err());
        assertFalse(Files.exists(dist.home.resolve("data/vigil.pid")));
        assertFalse(Files.exists(dist.home.resolve("data/vigil.sock")));
        Dist.Result stop = dist.vigil("stop");
        assertTrue(stop.out().contains("Vigil is not running") && !stop.out().contains("stopped"), stop.all());
    }

    private void startAndStopWork() throws Exception {
        Dist.Result start = dist.vigil("start", "-c", config().toString());
        assertEquals(0, start.code(), start.all());
        long daemon = dist.daemonPid();
        assertEquals(0, dist.vigil("ctl", "lb").code());
        Dist.Result stop = dist.vigil("stop");
        assertEquals(0, stop.code(), stop.all());
        assertTrue(stop.out().contains("Vigil stopped"), stop.out());
        assertFalse(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "said stopped, still alive");
    }

    private static long session(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // pid (comm) state ppid pgrp session ...; comm may hold spaces, so count from its ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[3]);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
