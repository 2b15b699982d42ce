package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** What deploy/ may not do to the daemon: bad files are reported once, a hung bundle holds nothing up. */
class DeployGuardIT extends DaemonIT {

    private Path config() throws Exception {
        return dist.writeConfig("one.json", "{\"services\": {" + Dist.demoService("web", Dist.freePort(), "") + "}}");
    }

    @Test
    void aBundleThatBlocksInItsStartHoldsUpNeitherOtherDropsNorTheStop() throws Exception {
        assertEquals(0, dist.vigil("start", "-c", config().toString()).code());
        drop("block.jar", part -> TestBundle.build("dev.vigil.it.block", "dev.vigil.it.block",
                Map.of("Bundle-Activator", "dev.vigil.it.block.BlockingActivator"), part,
                dist.home.resolve("lib/org.apache.felix.framework.jar")));
        Dist.await(Duration.ofSeconds(30), "the hung start reported", () -> status().contains("NOTICE: deploy/block.jar:"));
        assertTrue(status().contains("its start has not returned"), status());

        drop("sample-check.jar", part -> TestBundle.build("dev.vigil.it.sample", "dev.vigil.it.sample", Map.of(), part,
                dist.home.resolve("bundles/vigil-api.jar")));
        Dist.await(Duration.ofSeconds(10), "sample in vigil:checks",
                () -> dist.vigil("ctl", "vigil:checks").out().contains("sample"));

        long daemon = dist.daemonPid();
        List<ProcessHandle> services = ProcessHandle.of(daemon).orElseThrow().descendants().toList();
        assertFalse(services.isEmpty(), "the web service should run under the daemon");
        Dist.Result stop = dist.vigil("stop");
        assertEquals(0, stop.code(), stop.all());
        assertTrue(stop.out().contains("Vigil stopped"), stop.out());
        assertFalse(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "daemon still alive");
        services.forEach(s -> assertFalse(s.isAlive(), "left alive: " + s.pid()));
        String log = Files.readString(dist.home.resolve("logs/vigil.log"));
        assertTrue(log.contains("did not stop within") && log.contains("dev.vigil.it.block"), log);
    }

    @Test
    void corruptJarNonJarAndUnresolvableBundleEachGiveOneNotice() throws Exception {
        assertEquals(0, dist.vigil("start", "-c", config().toString()).code());
        long web = StatusJson.of(dist).pid("web");
        drop("text.jar", part -> Files.writeString(part, "this is not a jar\n"));
        drop("truncated.jar", part -> {
            TestBundle.build("dev.vigil.it.sample", "dev.vigil.it.sample", Map.of(), part,
                    dist.home.resolve("bundles/vigil-api.jar"));
            byte[] whole = Files.readAllBytes(part);
            Files.write(part, java.util.Arrays.copyOf(whole, whole.length / 2));
        });
        drop("plain.jar", part -> jar(part, Map.of()));
        drop("unresolvable.jar", part -> jar(part, Map.of("Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", "dev.vigil.it.unresolvable", "Import-Package", "com.example.nowhere")));

        Dist.await(Duration.ofSeconds(30), "four notices", () -> StatusJson.of(dist).notices().size() == 4);
        String table = status();
        assertTrue(table.contains("NOTICE: deploy/text.jar: is not a readable jar"), table);
        assertTrue(table.contains("NOTICE: deploy/truncated.jar: is not a readable jar"), table);
        assertTrue(table.contains("NOTICE: deploy/plain.jar: is a jar but not an OSGi bundle"), table);
        assertTrue(table.contains("NOTICE: deploy/unresolvable.jar: cannot be started")
                && table.contains("com.example.nowhere"), table);
        assertEquals(1, dist.vigil("status").code(), "notices make the status degraded");

        Thread.sleep(2000); // eight polls of deploy/: none may report a file again
        String log = Files.readString(dist.home.resolve("logs/vigil.log"));
        for (String file : List.of("text.jar", "truncated.jar", "plain.jar", "unresolvable.jar")) {
            assertEquals(1, log.lines().filter(l -> l.contains("deploy/" + file + ":")).count(), file + " in\n" + log);
        }
        assertEquals(web, StatusJson.of(dist).pid("web"), "the service was disturbed");
        Files.delete(dist.home.resolve("deploy/text.jar"));
        Dist.await(Duration.ofSeconds(10), "the notice of a removed file gone",
                () -> StatusJson.of(dist).notices().size() == 3);

        // A jar rewritten in place leaves deploy/'s own time alone: the guard's idle polls must still see it.
        Thread.sleep(2500);
        jar(dist.home.resolve("deploy/truncated.jar"), Map.of());
        Dist.await(Duration.ofSeconds(20), "the rewritten jar judged again",
                () -> status().contains("NOTICE: deploy/truncated.jar: is a jar but not an OSGi bundle"));
        assertEquals(3, StatusJson.of(dist).notices().size(), status());
    }

    interface Writer {
        void write(Path part) throws Exception;
    }

    /** Writes a file beside deploy/ under another name, then renames it in, as the README says. */
    private void drop(String name, Writer writer) throws Exception {
        Path part = dist.home.resolve("deploy/" + name + ".part");
        writer.write(part);
        Files.move(part, dist.home.resolve("deploy/" + name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void jar(Path file, Map<String, String> headers) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
    }

    private String status() {
        return dist.vigil("status").out();
    }
}
