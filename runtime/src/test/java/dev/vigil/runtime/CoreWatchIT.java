package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launcher's watchdog: a bundle stops Vigil's remote shell from inside the framework; the
 * launcher sees its core gone, restarts the framework in the same process, and the services
 * run on through it, adopted with their pids, while the shell answers again.
 */
class CoreWatchIT extends DaemonIT {
    private static final List<String> SERVICES = Dist.THREE_SERVICES;

    @Test
    void theShellStoppedFromInsideRestartsTheFrameworkAndKeepsEveryService() throws Exception {
        Path config = dist.writeThreeServices();
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        Dist.await(Duration.ofSeconds(30), "every service running", () -> StatusJson.of(dist).running("web", "worker", "cache"));
        Map<String, Long> pids = pids();
        long daemon = dist.daemonPid();

        Path part = dist.home.resolve("deploy/stop-shell.jar.part");
        TestBundle.build("dev.vigil.it.stopshell", "dev.vigil.it.stopshell",
                Map.of("Bundle-Activator", "dev.vigil.it.stopshell.StopShellActivator"), part,
                dist.home.resolve("lib/org.apache.felix.framework.jar"));
        Files.move(part, dist.home.resolve("deploy/stop-shell.jar"), StandardCopyOption.ATOMIC_MOVE);
        Path log = dist.home.resolve("logs/vigil.log");
        Dist.await(Duration.ofSeconds(30), "the restart, for the shell",
                () -> read(log).contains("vigil: restarting the framework: bundle dev.vigil.shell is resolved, not started"));
        Dist.await(Duration.ofSeconds(90), "the framework restarted", () -> read(log).contains("vigil: the framework is restarted"));

        Dist.Result lb = dist.run(Duration.ofSeconds(20), "ctl", "lb");
        assertEquals(0, lb.code(), lb.all());
        assertTrue(lb.out().lines().anyMatch(l -> l.contains("Vigil shell") && l.contains("Active")), lb.out());
        assertEquals(daemon, dist.daemonPid(), "the daemon's process was replaced");
        assertEquals(pids, pids(), "a service was restarted");
        Dist.await(Duration.ofSeconds(30), "every service healthy", () -> dist.vigil("status").code() == 0);
        assertTrue(read(log).contains("Supervisor stopped; services keep running"), read(log));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private Map<String, Long> pids() {
        return StatusJson.of(dist).pids(SERVICES);
    }
}
