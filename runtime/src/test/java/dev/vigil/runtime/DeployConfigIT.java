package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * deploy/ configures OSGi components: FileInstall reads {@code .cfg} and {@code .config}
 * files into ConfigAdmin (a factory configuration from {@code PID-name.cfg}), never a
 * half-copied one. The Felix Health Checks general checks, which all need a configuration,
 * then run and show under the {@code system} entry.
 */
class DeployConfigIT extends DaemonIT {
    private static final String DISK = "org.apache.felix.hc.generalchecks.DiskSpaceCheck-root.cfg";
    private static final String MEMORY = "org.apache.felix.hc.generalchecks.MemoryCheck.config";

    private String system() {
        return dist.vigil("ctl", "vigil:health", "system").out();
    }

    @Test
    void felixGeneralChecksConfiguredFromDeployShowUnderSystem() throws Exception {
        Path config = dist.writeConfig("hc.json", "{\"services\": {\"idle\": {\"command\": [\"sleep\", \"600\"]}}}");
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        long idle = StatusJson.of(dist).pid("idle");
        Path part = dist.home.resolve("deploy/generalchecks.jar.part");
        Files.copy(Dist.testBundle("org.apache.felix.healthcheck.generalchecks"), part);
        Files.move(part, dist.home.resolve("deploy/generalchecks.jar"), StandardCopyOption.ATOMIC_MOVE);
        // Unconfigured, only the framework start check runs.
        Dist.await(Duration.ofSeconds(20), "the general checks' bundle running its one unconfigured check",
                () -> system().contains("1 Felix health checks OK"));

        // Thresholds no disk and no heap can pass: above 0% used warns, above 100% is never reached.
        Path diskPart = dist.home.resolve("deploy/" + DISK + ".part");
        Files.writeString(diskPart, "hc.name=root-disk\ndiskPaths=/\ndiskUsedThresholdWarn=0\n"
                + "diskUsedThresholdCritical=100\n");
        Thread.sleep(1000); // four polls of deploy/: a half-copied file is never read
        assertTrue(system().contains("felix-hc [felix-hc]: UP"), "a .part file was read: " + system());
        Files.move(diskPart, dist.home.resolve("deploy/" + DISK), StandardCopyOption.ATOMIC_MOVE);
        Dist.await(Duration.ofSeconds(20), "the disk check under system",
                () -> system().contains("root-disk DEGRADED: Disk Usage /:"));
        assertTrue(system().contains("felix-hc [felix-hc]: DEGRADED"), system());

        Files.writeString(dist.home.resolve("deploy/" + MEMORY), "hc.name=\"heap\"\n"
                + "heapUsedPercentageThresholdWarn=L\"0\"\nheapUsedPercentageThresholdCritical=L\"100\"\n");
        Dist.await(Duration.ofSeconds(20), "the memory check from a .config file",
                () -> system().contains("heap DEGRADED:"));

        Files.delete(dist.home.resolve("deploy/" + DISK));
        Files.delete(dist.home.resolve("deploy/" + MEMORY));
        Dist.await(Duration.ofSeconds(20), "both checks gone with their files",
                () -> system().contains("felix-hc [felix-hc]: UP"));
        assertTrue(system().lines().filter(l -> l.contains("Felix health checks OK")).reduce((a, b) -> b).orElse("")
                .endsWith("1 Felix health checks OK"), system());
        assertEquals(idle, StatusJson.of(dist).pid("idle"), "the service was disturbed");
        assertTrue(StatusJson.of(dist).notices().isEmpty(), StatusJson.of(dist).toString());
    }
}
