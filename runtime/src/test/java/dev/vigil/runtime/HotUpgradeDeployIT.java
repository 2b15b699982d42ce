package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The hot upgrade through deploy/: a newer build of one of Vigil's own bundles dropped in
 * replaces the shipped one in place (one copy, at the new version), every service keeps its
 * pid; removing the jar puts the shipped version back, pids kept again.
 */
class HotUpgradeDeployIT extends DaemonIT {
    private static final List<String> SERVICES = Dist.THREE_SERVICES;
    private static final String NEW_VERSION = "0.1.0.999912312359";

    @Test
    void newerSupervisorReplacesTheShippedOneInPlace() throws Exception {
        upgradeAndBack("vigil-supervisor", "dev.vigil.supervisor");
    }

    @Test
    void newerCheckTypeReplacesTheShippedOneInPlace() throws Exception {
        upgradeAndBack("vigil-check-tcp", "dev.vigil.check.tcp");
    }

    private void upgradeAndBack(String jarName, String symbolicName) throws Exception {
        Path config = dist.writeThreeServices();
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        Dist.await(Duration.ofSeconds(30), "every service running", () -> StatusJson.of(dist).running("web", "worker", "cache"));
        Map<String, Long> pids = pids();
        String shipped = versionIn(dist.home.resolve("bundles/" + jarName + ".jar"));

        Path part = dist.home.resolve("deploy/" + jarName + ".jar.part");
        withVersion(dist.home.resolve("bundles/" + jarName + ".jar"), part, NEW_VERSION);
        Path dropped = dist.home.resolve("deploy/" + jarName + ".jar");
        Files.move(part, dropped, StandardCopyOption.ATOMIC_MOVE);
        Dist.await(Duration.ofSeconds(30), symbolicName + " at " + NEW_VERSION + ", alone and active",
                () -> oneActive(symbolicName, NEW_VERSION));
        Dist.await(Duration.ofSeconds(30), "every service running after the upgrade",
                () -> StatusJson.of(dist).running("web", "worker", "cache"));
        assertEquals(pids, pids(), "a service was restarted by the upgrade");
        Dist.Result status = dist.run(Duration.ofSeconds(20), "status");
        assertEquals(0, status.code(), status.all());
        assertTrue(StatusJson.of(dist).notices().isEmpty(), String.valueOf(StatusJson.of(dist).notices()));

        Files.delete(dropped);
        Dist.await(Duration.ofSeconds(30), symbolicName + " back at the shipped " + shipped,
                () -> oneActive(symbolicName, shipped));
        Dist.await(Duration.ofSeconds(30), "every service running after the jar's removal",
                () -> StatusJson.of(dist).running("web", "worker", "cache"));
        assertEquals(pids, pids(), "a service was restarted by the jar's removal");
        status = dist.run(Duration.ofSeconds(20), "status");
        assertEquals(0, status.code(), status.all());
    }

    /** Whether {@code vigil ctl lb -s} lists exactly one bundle of that name, Active, at that version. */
    private boolean oneActive(String symbolicName, String version) {
        Dist.Result lb = dist.run(Duration.ofSeconds(20), "ctl", "lb", "-s");
        List<String> lines = lb.out().lines().filter(l -> l.contains(symbolicName + " ") || l.endsWith(symbolicName)
                || l.contains(symbolicName + " (")).toList();
        return lb.code() == 0 && lines.size() == 1 && lines.get(0).contains("Active") && lines.get(0).contains(version);
    }

    private static String versionIn(Path jar) throws Exception {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Bundle-Version").trim();
        }
    }

    /** Copies the jar with another Bundle-Version in its manifest. */
    private static void withVersion(Path from, Path to, String version) throws Exception {
        try (JarFile in = new JarFile(from.toFile())) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream os = Files.newOutputStream(to); JarOutputStream out = new JarOutputStream(os, m)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME) || e.getName().equalsIgnoreCase("META-INF/")) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream is = in.getInputStream(e)) {
                        is.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    private Map<String, Long> pids() {
        return StatusJson.of(dist).pids(SERVICES);
    }
}
