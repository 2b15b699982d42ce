package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A check whose type is not installed is UNKNOWN and says so, without harm to anything else;
 * dropping the type's bundle into deploy/ makes it run, deleting it makes it UNKNOWN again.
 */
class HealthCheckDeployIT extends DaemonIT {
    private static final String NOT_INSTALLED = "no check type \"probe\" installed";

    HealthCli cli;

    @BeforeEach
    void connectCli() {
        cli = new HealthCli(dist);
    }

    @Test
    void checkTypeDroppedIntoDeployRunsAndIsUnknownAgainOnceDeleted() throws Exception {
        Path config = dist.writeConfig("probe.json", "{\"services\": {" + Dist.demoService("web", Dist.freePort(),
                "\"checks\": [{\"type\": \"tcp\", \"interval\": \"200ms\"}, {\"type\": \"probe\", \"interval\": \"200ms\"}]")
                + "}}");
        Dist.Result start = dist.vigil("start", "-c", config.toString());
        assertEquals(0, start.code(), start.all());

        // Before: UNKNOWN with the reason, while the rest goes on as usual.
        Dist.await(Duration.ofSeconds(15), "web RUNNING with its tcp check UP",
                () -> StatusJson.of(dist).running("web") && cli.check("web", "tcp").status().equals("UP"));
        HealthCli.Check probe = cli.check("web", "probe");
        assertEquals("UNKNOWN", probe.status(), probe.toString());
        assertTrue(probe.lastResult().contains(NOT_INSTALLED), probe.toString());
        StatusJson status = StatusJson.of(dist);
        assertEquals("RUNNING", status.state("web"), status.toString());
        assertEquals("UNKNOWN", status.service("web").get("health").getAsString(), status.toString());
        assertTrue(status.service("web").get("healthCause").getAsString().contains(NOT_INSTALLED), status.toString());
        assertFalse(cli.ctl("vigil:checks").contains("probe"));

        // Dropped: copied under another name, then renamed, so FileInstall never sees half a jar.
        Path part = dist.home.resolve("deploy/probe-check.jar.part");
        TestBundle.build("dev.vigil.it.health", "dev.vigil.it.health", java.util.Map.of(), part,
                dist.home.resolve("bundles/vigil-api.jar"));
        Path jar = dist.home.resolve("deploy/probe-check.jar");
        Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE);
        long dropped = System.nanoTime();
        Dist.await(Duration.ofSeconds(5), "the probe check UP", () -> cli.check("web", "probe").status().equals("UP"));
        long millis = (System.nanoTime() - dropped) / 1_000_000;
        System.out.println("HealthCheckDeployIT: probe UP " + millis + " ms after the drop");
        probe = cli.check("web", "probe");
        assertTrue(probe.lastResult().contains("UP") && probe.lastResult().endsWith("probe ok"), probe.toString());
        assertTrue(cli.ctl("vigil:checks").contains("probe"));
        cli.awaitHealth(Duration.ofSeconds(5), "web", "UP");

        // Deleted: uninstalled, and the check says so again.
        Files.delete(jar);
        Dist.await(Duration.ofSeconds(5), "the probe check UNKNOWN again",
                () -> cli.check("web", "probe").status().equals("UNKNOWN"));
        probe = cli.check("web", "probe");
        assertTrue(probe.lastResult().contains(NOT_INSTALLED), probe.toString());
        assertTrue(probe.results().stream().anyMatch(r -> r.endsWith("probe ok")), "its earlier results are kept: " + probe);
        assertFalse(cli.ctl("lb").contains("dev.vigil.it.health"));
        assertEquals("UNKNOWN", cli.health("web"));
        assertEquals("RUNNING", StatusJson.of(dist).state("web"));
        assertEquals("UP", cli.check("web", "tcp").status());

        List<String> exceptions = Files.readAllLines(dist.home.resolve("logs/vigil.log")).stream()
                .filter(l -> l.contains("Exception")).toList();
        assertTrue(exceptions.isEmpty(), "logs/vigil.log has exceptions: " + exceptions);
        String log = Files.readString(dist.home.resolve("logs/vigil.log"));
        assertTrue(log.contains("Check type probe installed") && log.contains("Check type probe removed"), log);
    }
}
