package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Standard OSGi bundles dropped into deploy/ disturb nothing: ConfigAdmin and Metatype, which
 * SCR, FileInstall and EventAdmin import optionally, once refreshed all of them (every Vigil
 * component with them, and every service restarted). They are in the base stack now, so the
 * drop-in is a second copy of the same version: it is reported and refused, and every service
 * keeps its pid while the shell answers.
 */
class StandardBundleDeployIT extends DaemonIT {
    private static final List<String> SERVICES = Dist.THREE_SERVICES;

    @Test
    void configAdminDroppedInKeepsEveryService() throws Exception {
        dropAndCheck("org.apache.felix.configadmin", "1.9.26");
    }

    @Test
    void metatypeDroppedInKeepsEveryService() throws Exception {
        dropAndCheck("org.apache.felix.metatype", "1.2.4");
    }

    private void dropAndCheck(String bundle, String version) throws Exception {
        Path config = dist.writeThreeServices();
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        Dist.await(Duration.ofSeconds(30), "every service running", () -> StatusJson.of(dist).running("web", "worker", "cache"));
        Map<String, Long> pids = pids();

        String jar = bundle + ".jar";
        Path part = dist.home.resolve("deploy/" + jar + ".part");
        Files.copy(dist.home.resolve("bundles/" + jar), part);
        Files.move(part, dist.home.resolve("deploy/" + jar), StandardCopyOption.ATOMIC_MOVE);
        String expected = "deploy/" + jar + ": is " + bundle + " " + version + ", which Vigil runs already";
        Dist.await(Duration.ofSeconds(20), "the second copy reported",
                () -> StatusJson.of(dist).notices().stream().anyMatch(n -> n.startsWith(expected)));

        assertEquals(pids, pids(), "a service was restarted");
        Dist.Result lb = dist.run(Duration.ofSeconds(20), "ctl", "lb");
        assertEquals(0, lb.code(), lb.all());
        assertEquals(1, lb.out().lines().filter(l -> l.contains(bundle.equals("org.apache.felix.configadmin")
                ? "Configuration Admin" : "Metatype")).count(), lb.out());
        assertFalse(lb.out().lines().anyMatch(l -> l.contains("Vigil") && !l.contains("Active")), lb.out());
        String table = dist.vigil("status").out();
        for (String s : SERVICES) {
            assertTrue(table.lines().anyMatch(l -> l.startsWith(s) && l.contains("RUNNING")), table);
        }
        String log = Files.readString(dist.home.resolve("logs/vigil.log"));
        assertFalse(log.contains("Supervisor stopped"), log);

        Files.delete(dist.home.resolve("deploy/" + jar));
        Dist.await(Duration.ofSeconds(10), "the notice gone", () -> StatusJson.of(dist).notices().isEmpty());
        assertEquals(0, dist.vigil("status").code(), dist.vigil("status").out());
        assertTrue(dist.vigil("ctl", "lb").out().lines().anyMatch(l -> l.contains("Active")
                && l.contains(bundle.equals("org.apache.felix.configadmin") ? "Configuration Admin" : "Metatype")),
                "the base stack's copy was removed with the drop-in");
        assertEquals(pids, pids(), "a service was restarted");
    }

    private Map<String, Long> pids() {
        return StatusJson.of(dist).pids(SERVICES);
    }
}
