package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A running daemon's own parts changed one after the other, as an operator would through
 * deploy/ and the shell: a standard bundle dropped in, the monitor updated, the supervisor
 * uninstalled and installed again. Only an operator, a config change or the shutdown stops
 * a service, so every pid stays, the shell answers after every step and the status is right.
 * Every command has a deadline, so a deadlock fails the test instead of hanging the build.
 */
class KeeperChangesIT extends DaemonIT {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final List<String> SERVICES = Dist.THREE_SERVICES;

    private Dist.Result ctl(String... command) {
        String[] args = new String[command.length + 1];
        args[0] = "ctl";
        System.arraycopy(command, 0, args, 1, command.length);
        Dist.Result r = dist.run(STEP, args);
        assertEquals(0, r.code(), "vigil ctl " + String.join(" ", command) + ": " + r.all());
        return r;
    }

    private long bundleId(String symbolicName) {
        Matcher m = Pattern.compile("(?m)^\\s*(\\d+)\\|Active\\s*\\|\\s*\\d+\\|" + Pattern.quote(symbolicName) + " \\(")
                .matcher(ctl("lb", "-s").out());
        assertTrue(m.find(), symbolicName + " is not Active");
        return Long.parseLong(m.group(1));
    }

    private Map<String, Long> pidsOnceAllRun(String after) throws InterruptedException {
        Dist.await(STEP, "every service RUNNING " + after, () -> StatusJson.of(dist).running("web", "worker", "cache"));
        StatusJson status = StatusJson.of(dist);
        Map<String, Long> out = new LinkedHashMap<>();
        SERVICES.forEach(s -> out.put(s, status.pid(s)));
        return out;
    }

    @Test
    void everyServiceKeepsItsPidWhileTheKeepersPartsChange() throws Exception {
        Path config = dist.writeThreeServices();
        assertEquals(0, dist.vigil("start", "-c", config.toString()).code());
        Map<String, Long> pids = pidsOnceAllRun("at the start");

        // A standard bundle the base stack has already: refused with a notice, nothing disturbed.
        Path part = dist.home.resolve("deploy/configadmin.jar.part");
        Files.copy(dist.home.resolve("bundles/org.apache.felix.configadmin.jar"), part);
        Files.move(part, dist.home.resolve("deploy/configadmin.jar"), StandardCopyOption.ATOMIC_MOVE);
        Dist.await(STEP, "the drop-in reported", () -> !StatusJson.of(dist).notices().isEmpty());
        assertEquals(pids, pidsOnceAllRun("after ConfigAdmin was dropped in"));
        Files.delete(dist.home.resolve("deploy/configadmin.jar"));
        Dist.await(STEP, "the notice gone", () -> StatusJson.of(dist).notices().isEmpty());

        ctl("update", Long.toString(bundleId("dev.vigil.monitor")));
        assertEquals(pids, pidsOnceAllRun("after the monitor's update"));
        Dist.await(STEP, "web UP again", () -> StatusJson.of(dist).health("web").equals("UP"));

        long supervisor = bundleId("dev.vigil.supervisor");
        ctl("uninstall", Long.toString(supervisor));
        ctl("lb"); // the shell answers with no supervisor at all
        String installed = ctl("install", dist.home.resolve("bundles/vigil-supervisor.jar").toUri().toString()).out();
        Matcher id = Pattern.compile("Bundle ID: (\\d+)").matcher(installed);
        assertTrue(id.find(), installed);
        ctl("felix:start", id.group(1));
        assertEquals(pids, pidsOnceAllRun("after the supervisor's reinstall"));

        Dist.Result status = dist.run(STEP, "status");
        assertEquals(0, status.code(), status.all());
        StatusJson json = StatusJson.of(dist);
        for (String s : SERVICES) {
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith(s) && l.contains("RUNNING")), status.out());
            assertEquals(0, json.service(s).get("restarts").getAsInt(), s + " was restarted: " + json);
        }
    }
}
