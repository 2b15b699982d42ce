package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Felix Health Check ecosystem inside Vigil: a bundle with an ordinary Felix health
 * check, dropped into deploy/, is run and reported under the daemon's own system entry.
 */
class FelixHealthCheckIT extends DaemonIT {
    private String system() {
        return dist.vigil("ctl", "vigil:health", "system").out();
    }

    @Test
    void aDroppedFelixHealthCheckIsReportedUnderTheSystemEntry() throws Exception {
        Path config = dist.writeConfig("hc.json", "{\"services\": {\"idle\": {\"command\": [\"sleep\", \"600\"]}}}");
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        Dist.await(Duration.ofSeconds(15), "felix-hc UP with no checks", () ->
                system().contains("no Felix health checks present"));

        Path part = dist.home.resolve("deploy/queue-check.jar.part");
        build(part);
        Files.move(part, dist.home.resolve("deploy/queue-check.jar"), StandardCopyOption.ATOMIC_MOVE);
        Dist.await(Duration.ofSeconds(15), "the Felix check's warning under system", () ->
                system().contains("queue-depth DEGRADED: queue depth 1200 over 1000"));
        assertTrue(system().contains("felix-hc [felix-hc]: DEGRADED"), system());
        String all = dist.vigil("ctl", "vigil:health").out();
        assertTrue(all.lines().anyMatch(l -> l.startsWith("system") && l.contains("felix-hc=DEGRADED")), all);

        Files.delete(dist.home.resolve("deploy/queue-check.jar"));
        Dist.await(Duration.ofSeconds(15), "the Felix check gone", () ->
                system().contains("no Felix health checks present"));
    }

    private void build(Path target) throws Exception {
        TestBundle.build("dev.vigil.it.felixhc", "dev.vigil.it.felixhc", java.util.Map.of(), target,
                dist.home.resolve("bundles/org.apache.felix.healthcheck.api.jar"));
    }
}
