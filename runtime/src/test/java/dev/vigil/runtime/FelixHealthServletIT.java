package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Vigil's HTTP endpoint is a plain OSGi HTTP Whiteboard, so a bundle that registers a servlet
 * is served beside Vigil's own: Felix Health Checks' core, dropped into deploy/ with its
 * servlet's configuration, answers on the daemon's port as it would in any OSGi runtime.
 */
class FelixHealthServletIT extends DaemonIT {
    private static final String SERVLET = "org.apache.felix.hc.core.impl.servlet.HealthCheckExecutorServlet-vigil.cfg";
    private static final String DISK = "org.apache.felix.hc.generalchecks.DiskSpaceCheck-root.cfg";

    @Test
    void felixHealthChecksOwnServletIsServedOnTheDaemonsPort() throws Exception {
        int http = FreePorts.consecutive(1);
        Path config = dist.writeConfig("hc.json", "{\"system\": {\"http\": {\"port\": " + RecoveryCliIT.range(http, 1)
                + "}}, \"services\": {\"idle\": {\"command\": [\"sleep\", \"600\"]}}}");
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        Dist.await(Duration.ofSeconds(30), "Vigil's own /health", () -> Scrape.get(http, "/health").status == 200);

        drop(Dist.testBundle("org.apache.felix.healthcheck.core"), "hc-core.jar");
        drop(Dist.testBundle("org.apache.felix.healthcheck.generalchecks"), "hc-generalchecks.jar");
        Path disk = dist.home.resolve("deploy/" + DISK + ".part");
        Files.writeString(disk, "hc.name=root-disk\nhc.tags=vigil\ndiskPaths=/\ndiskUsedThresholdWarn=0\n"
                + "diskUsedThresholdCritical=100\n");
        Files.move(disk, dist.home.resolve("deploy/" + DISK), StandardCopyOption.ATOMIC_MOVE);
        Path servlet = dist.home.resolve("deploy/" + SERVLET + ".part");
        Files.writeString(servlet, "servletPath=/system/health\n");
        Files.move(servlet, dist.home.resolve("deploy/" + SERVLET), StandardCopyOption.ATOMIC_MOVE);

        Scrape[] last = {null};
        try {
            Dist.await(Duration.ofSeconds(45), "Felix's /system/health.json listing the disk check", () -> {
                last[0] = Scrape.get(http, "/system/health.json?tags=vigil");
                return last[0].body.contains("root-disk");
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
        }
        JsonObject result = JsonParser.parseString(last[0].body).getAsJsonObject();
        assertEquals("WARN", result.get("overallResult").getAsString(), last[0].body);
        assertTrue(last[0].contentType.startsWith("application/json"), last[0].contentType);
        // Vigil's own endpoints still answer beside it.
        assertEquals(200, Scrape.get(http, "/status").status);
        assertTrue(StatusJson.of(dist).running("idle"));
    }

    private void drop(Path jar, String name) throws Exception {
        Path part = dist.home.resolve("deploy/" + name + ".part");
        Files.copy(jar, part);
        Files.move(part, dist.home.resolve("deploy/" + name), StandardCopyOption.ATOMIC_MOVE);
    }
}
