package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built distribution, driven through bin/vigil in separate processes as a user would. */
class DistributionIT extends DaemonIT {
    int portA;
    int portB;

    @BeforeEach
    void pickPorts() throws Exception {
        portA = Dist.freePort();
        portB = Dist.freePort();
    }

    private Path twoServices() throws Exception {
        return dist.writeConfig("two.json", "{\"services\": {"
                + Dist.demoService("alpha", portA, "") + ", "
                + Dist.demoService("beta", portB, "\"dependsOn\": [\"alpha\"]") + "}}");
    }

    private JsonObject service(String name) {
        StatusJson status = StatusJson.of(dist);
        JsonObject s = status.service(name);
        if (s == null) {
            throw new AssertionError("no service " + name + " in " + status);
        }
        return s;
    }

    private long pidOf(String name) {
        return StatusJson.of(dist).pid(name);
    }

    @Test
    void startsEveryBundleAndReportsReadyServices() throws Exception {
        Dist.Result start = dist.vigil("start", "-c", twoServices().toString());
        assertEquals(0, start.code(), start.all());
        assertTrue(start.out().contains("Vigil started"), start.out());

        Dist.Result lb = dist.vigil("ctl", "lb");
        assertEquals(0, lb.code(), lb.all());
        List<String> rows = lb.out().lines().filter(l -> l.matches("\\s*\\d+\\|.*")).toList();
        assertTrue(rows.size() >= 15, lb.out());
        rows.forEach(row -> assertTrue(row.contains("|Active"), "not active: " + row));

        Dist.await(Duration.ofSeconds(30), "both services answering", () -> Dist.answers(portA) && Dist.answers(portB));
        Dist.await(Duration.ofSeconds(10), "status 0", () -> dist.vigil("status").code() == 0);
        Dist.Result status = dist.vigil("status");
        assertTrue(status.out().contains("alpha") && status.out().contains("RUNNING"), status.out());

        Path socket = dist.home.resolve("data/vigil.sock");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(socket));
        assertTrue(Files.readString(dist.home.resolve("logs/alpha.log")).contains("alpha listening"));
        assertTrue(Files.readString(dist.home.resolve("logs/vigil.log")).contains("Vigil ready"));
    }

    @Test
    void killedServiceAnswersAgain() throws Exception {
        assertEquals(0, dist.vigil("start", "-c", twoServices().toString()).code());
        Dist.await(Duration.ofSeconds(30), "alpha answering", () -> Dist.answers(portA));
        long pid = pidOf("alpha");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Dist.await(Duration.ofSeconds(10), "alpha's port closed", () -> !Dist.answers(portA) || pidOf("alpha") != pid);
        // How fast is bench/recovery.sh's question; here only that it comes back.
        Dist.await(Duration.ofSeconds(10), "alpha answering again", () -> Dist.answers(portA));
        JsonObject alpha = service("alpha");
        assertEquals(1, alpha.get("restarts").getAsInt());
        assertEquals(137, alpha.get("lastExit").getAsInt());
        assertTrue(pidOf("alpha") != pid);
    }

    @Test
    void bundleDroppedIntoDeployIsInstalledAndRemoved() throws Exception {
        assertEquals(0, dist.vigil("start", "-c", twoServices().toString()).code());
        assertFalse(dist.vigil("ctl", "vigil:checks").out().contains("sample"), "sample is not there before the drop");

        Path part = dist.home.resolve("deploy/sample-check.jar.part");
        TestBundle.build("dev.vigil.it.sample", "dev.vigil.it.sample", java.util.Map.of(), part,
                dist.home.resolve("bundles/vigil-api.jar"));
        Path jar = dist.home.resolve("deploy/sample-check.jar");
        Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);
        Dist.await(Duration.ofSeconds(10), "sample in vigil:checks",
                () -> dist.vigil("ctl", "vigil:checks").out().contains("sample"));

        Files.delete(jar);
        Dist.await(Duration.ofSeconds(5), "sample gone from vigil:checks",
                () -> !dist.vigil("ctl", "vigil:checks").out().contains("sample"));
        assertFalse(dist.vigil("ctl", "lb").out().contains("dev.vigil.it.sample"));
    }

    @Test
    void stopLeavesNoSupervisedProcessAlive() throws Exception {
        assertEquals(0, dist.vigil("start", "-c", twoServices().toString()).code());
        Dist.await(Duration.ofSeconds(30), "services answering", () -> Dist.answers(portA) && Dist.answers(portB));
        long daemon = dist.daemonPid();
        List<ProcessHandle> children = new ArrayList<>(ProcessHandle.of(daemon).orElseThrow().descendants().toList());
        assertTrue(children.size() >= 2, "expected the two services under the daemon, found " + children);

        Dist.Result stop = dist.vigil("stop");
        assertEquals(0, stop.code(), stop.all());
        assertTrue(stop.out().contains("Vigil stopped"), stop.out());
        assertFalse(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "daemon still alive");
        for (ProcessHandle child : children) {
            assertFalse(child.isAlive(), "left alive: " + child.pid() + " " + child.info().commandLine().orElse(""));
        }
        assertFalse(Files.exists(dist.home.resolve("data/vigil.pid")));
        assertFalse(Files.exists(dist.home.resolve("data/vigil.sock")));
        assertEquals(3, dist.vigil("status").code(), "status of a stopped daemon is 'unreachable'");
    }

    @Test
    void secondStartFailsWithAClearMessage() throws Exception {
        Path config = twoServices();
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        Dist.Result second = dist.vigil("start", "-c", config.toString());
        assertEquals(1, second.code());
        assertTrue(second.err().contains("already running") && second.err().contains("vigil stop"), second.err());
        Dist.Result run = dist.vigil("run", "-c", config.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("already running"), run.err());
    }

    @Test
    void sigtermStopsTheDaemonAndItsServices() throws Exception {
        assertEquals(0, dist.vigil("start", "-c", twoServices().toString()).code());
        Dist.await(Duration.ofSeconds(30), "services answering", () -> Dist.answers(portA) && Dist.answers(portB));
        ProcessHandle daemon = ProcessHandle.of(dist.daemonPid()).orElseThrow();
        List<ProcessHandle> children = daemon.descendants().toList();
        daemon.destroy();
        daemon.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        children.forEach(c -> assertFalse(c.isAlive(), "left alive: " + c.pid()));
        assertFalse(Files.exists(dist.home.resolve("data/vigil.pid")));
    }

    @Test
    void aStartOverThePidFileOfAKilledDaemonStillReportsABadConfig() throws Exception {
        // Seen: the killed daemon's pid file made the new one look ready before it read its config.
        assertEquals(0, dist.vigil("start", "-c", twoServices().toString()).code());
        ProcessHandle daemon = ProcessHandle.of(dist.daemonPid()).orElseThrow();
        List<ProcessHandle> children = daemon.descendants().toList();
        try {
            daemon.destroyForcibly();
            daemon.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(Files.exists(dist.home.resolve("data/vigil.pid")), "a kill -9 leaves the pid file behind");
            Files.walk(dist.home.resolve("data/config")).sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
            Path broken = dist.writeConfig("broken.json", "{\"services\": {\"a\": {\"command\": [\"true\"],}}}");

            Dist.Result start = dist.vigil("start", "-c", broken.toString());

            assertEquals(1, start.code(), start.all());
            assertTrue(start.all().contains("broken.json"), start.all());
            assertEquals(3, dist.vigil("status").code());
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
