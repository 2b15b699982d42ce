package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A bundle dropped into deploy/ that carries whole services (and their check type). */
class ServiceBundleIT extends DaemonIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    long basePid;

    @BeforeEach
    void startOnAFileService() throws Exception {
        Path config = dist.writeConfig("base.json",
                "{\"services\": {\"base\": {\"command\": [\"sleep\", \"1000\"], \"stopTimeout\": \"2s\"}}}");
        Dist.Result start = dist.vigil("start", "-c", config.toString());
        assertEquals(0, start.code(), start.all());
        Dist.await(WAIT, "base RUNNING", () -> StatusJson.of(dist).running("base"));
        basePid = StatusJson.of(dist).pid("base");
    }

    /** Builds the bundle beside deploy/ and renames it in, so it is never seen half-written. */
    private Path drop(String symbolicName, String services, boolean withCheck) throws Exception {
        Path part = dist.home.resolve("deploy/" + symbolicName + ".jar.part");
        ServiceBundleJar.build(dist.home.resolve("bundles/vigil-api.jar"), tmp, symbolicName, services, withCheck, part);
        Path jar = dist.home.resolve("deploy/" + symbolicName + ".jar");
        Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }

    private String row(String command, String service) {
        return dist.vigil("ctl", command).out().lines().filter(l -> l.startsWith(service + " ")).findFirst().orElse("");
    }

    @Test
    void droppedBundleRunsItsServiceAndTakesItAwayWhenDeleted() throws Exception {
        int port = Dist.freePort();
        Path jar = drop("dev.vigil.it.svc", "{\"services\": {" + Dist.demoService("bundled", port,
                "\"checks\": [{\"type\": \"svc-port-open\"}]") + "}}", true);
        long dropped = System.nanoTime();

        Dist.await(WAIT, "bundled answering", () -> HttpText.get(port).startsWith("bundled (pid"));
        long millis = (System.nanoTime() - dropped) / 1_000_000;
        Dist.await(WAIT, "bundled RUNNING", () -> StatusJson.of(dist).running("bundled", "base"));
        StatusJson status = StatusJson.of(dist);
        long pid = status.pid("bundled");
        assertEquals(port, status.port("bundled", "http"));
        assertEquals("bundle:dev.vigil.it.svc/1.0.0", status.service("bundled").get("origin").getAsString());
        String listed = row("vigil:services", "bundled");
        assertTrue(listed.contains("RUNNING") && listed.contains("bundle:dev.vigil.it.svc/1.0.0"), listed);
        assertTrue(row("vigil:checks", "svc-port-open").contains("shipped in a service bundle"),
                dist.vigil("ctl", "vigil:checks").out());
        assertEquals(basePid, status.pid("base"), "a file service is not restarted when a bundle adds services");
        Dist.await(WAIT, "bundled UP by the check its bundle carries", () -> StatusJson.of(dist).health("bundled").equals("UP"));
        Dist.await(WAIT, "status 0", () -> StatusJson.of(dist).code == 0);
        assertTrue(millis < 5000, "answering only " + millis + " ms after the drop");

        Files.delete(jar);
        Dist.await(WAIT, "bundled gone from the status", () -> !StatusJson.of(dist).lists("bundled"));
        Dist.await(WAIT, "bundled's process gone", () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Dist.answers(port), "nothing answers on the bundle service's port any more");
        assertEquals("", row("vigil:services", "bundled"));
        Dist.await(WAIT, "the check type gone", () -> !dist.vigil("ctl", "vigil:checks").out().contains("svc-port-open"));
        assertEquals(basePid, StatusJson.of(dist).pid("base"));
        assertFalse(dist.vigil("ctl", "lb").out().contains("dev.vigil.it.svc"));
    }

    @Test
    void bundleWhoseServiceClashesWithTheFileIsRefusedWhole() throws Exception {
        int port = Dist.freePort();
        Path jar = drop("dev.vigil.it.clash", "{\"services\": {" + Dist.demoService("extra", port, "") + ", "
                + "\"base\": {\"command\": [\"sleep\", \"2000\"]}}}", false);
        String refused = "service bundle dev.vigil.it.clash/1.0.0 refused";

        Dist.await(WAIT, "a notice naming the bundle",
                () -> StatusJson.of(dist).notices().stream().anyMatch(n -> n.startsWith(refused)));
        StatusJson status = StatusJson.of(dist);
        String notice = status.notices().stream().filter(n -> n.startsWith(refused)).findFirst().orElseThrow();
        assertTrue(notice.contains("\"base\"") && notice.contains("file:"), notice);
        assertEquals(1, status.code, status.toString());
        assertTrue(dist.vigil("status").out().startsWith("NOTICE: " + refused));
        assertFalse(status.lists("extra"), "a refused bundle's other services do not start either: " + status);
        assertEquals(basePid, status.pid("base"), "the file's base keeps running untouched");
        assertTrue(ProcessHandle.of(basePid).flatMap(p -> p.info().commandLine()).orElse("").contains("1000"));
        Thread.sleep(1500); // long enough for a wrongly started service to answer
        assertFalse(Dist.answers(port), "extra must not have been started");
        assertFalse(dist.vigil("ctl", "vigil:services").out().contains("bundle:dev.vigil.it.clash"));
        assertTrue(Files.readString(dist.home.resolve("logs/vigil.log")).contains("dev.vigil.it.clash/1.0.0 refused"));

        Files.delete(jar);
        Dist.await(WAIT, "the notice gone with the bundle", () -> StatusJson.of(dist).notices().isEmpty());
        Dist.await(WAIT, "status 0", () -> StatusJson.of(dist).code == 0);
    }
}
