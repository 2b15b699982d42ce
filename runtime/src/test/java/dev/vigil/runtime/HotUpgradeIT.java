package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.check.HealthMonitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Vigil's own bundles changed under running services, in a real Felix: the supervisor
 * updated, the monitor updated, the supervisor uninstalled and installed again. Only an
 * operator, a config change or the daemon's shutdown stops a service, so every pid stays.
 * Every step has a deadline, so a deadlock fails the test instead of hanging the build.
 */
class HotUpgradeIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> NAMES = List.of("db", "api", "web");

    @TempDir
    Path tmp;
    private InFramework vigil;

    @AfterEach
    void shutdown() {
        if (vigil != null) {
            vigil.close();
        }
    }

    private static String server(String name, String dependsOn) {
        return "\"" + name + "\": {\"command\": [\"python3\", \"-m\", \"http.server\", \"--bind\", \"127.0.0.1\","
                + " \"${port.http}\"], \"ports\": {\"http\": \"auto\"}, \"stopTimeout\": \"3s\","
                + " \"checks\": [{\"type\": \"tcp\", \"port\": \"${port.http}\", \"interval\": \"250ms\"}]"
                + (dependsOn == null ? "" : ", \"dependsOn\": [\"" + dependsOn + "\"]") + "}";
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(vigil.context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    /** A bundle operation that must finish within the deadline. */
    private static void within(String what, ThrowingRunnable step) throws Exception {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                step.run();
            } catch (Exception e) {
                throw new IllegalStateException(what + " failed", e);
            }
        });
        try {
            done.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + " did not finish within " + DEADLINE + " (a deadlock?)");
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Waits for a supervisor (maybe a new one) to report every service RUNNING and UP, and returns the pids. */
    private Map<String, Long> awaitAllUp(String after) throws Exception {
        ServiceTracker<Supervisor, Supervisor> supervisors = new ServiceTracker<>(vigil.context, Supervisor.class, null);
        ServiceTracker<HealthMonitor, HealthMonitor> monitors = new ServiceTracker<>(vigil.context,
                HealthMonitor.class, null);
        supervisors.open();
        monitors.open();
        try {
            Map<String, Long> pids = new HashMap<>();
            Dist.await(DEADLINE, "every service RUNNING and UP " + after, () -> {
                Supervisor s = supervisors.getService();
                HealthMonitor m = monitors.getService();
                if (s == null || m == null) {
                    return false;
                }
                for (String name : NAMES) {
                    ServiceStatus st = s.service(name).orElse(null);
                    if (st == null || st.state() != ServiceState.RUNNING || m.service(name)
                            .map(h -> h.status() != HealthStatus.UP).orElse(true)) {
                        return false;
                    }
                    pids.put(name, st.pid());
                }
                return true;
            });
            return pids;
        } finally {
            supervisors.close();
            monitors.close();
        }
    }

    @Test
    void updatingOrReinstallingVigilsBundlesLeavesEveryServiceRunning() throws Exception {
        vigil = InFramework.boot(tmp, "{\"services\": {" + server("db", null) + ", " + server("api", "db") + ", "
                + server("web", "api") + "}}");
        Map<String, Long> pids = awaitAllUp("at the start");

        within("update of the supervisor", () -> bundle("dev.vigil.supervisor").update());
        assertEquals(pids, awaitAllUp("after the supervisor's update"));

        within("update of the monitor", () -> bundle("dev.vigil.monitor").update());
        assertEquals(pids, awaitAllUp("after the monitor's update"));

        Bundle supervisor = bundle("dev.vigil.supervisor");
        String location = supervisor.getLocation();
        within("uninstall and install of the supervisor", () -> {
            supervisor.uninstall();
            vigil.context.installBundle(location).start();
        });
        assertEquals(pids, awaitAllUp("after the supervisor's reinstall"));
        Supervisor now = vigil.service(Supervisor.class);
        for (String name : NAMES) {
            assertEquals(0, now.service(name).orElseThrow().restarts(), name + " was never restarted");
        }

        // The new supervisor is in control: a crash is still repaired.
        ProcessHandle.of(pids.get("db")).orElseThrow().destroyForcibly();
        Dist.await(DEADLINE, "db restarted by the new supervisor", () -> now.service("db")
                .map(s -> s.state() == ServiceState.RUNNING && s.pid() != pids.get("db") && s.pid() > 0).orElse(false));
        assertTrue(now.service("api").orElseThrow().pid() == pids.get("api"), "its dependents are left alone");
    }
}
