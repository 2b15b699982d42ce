package dev.vigil.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.SystemStatus;
import dev.vigil.api.status.Verdict;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The figures of a system in a known state, written by the Prometheus client library and read
 * back: each family has the value the state says, and Prometheus's own checker has nothing to
 * say of the whole.
 */
class FiguresTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static CheckResult result(HealthStatus status, long millis, Map<String, Double> metrics) {
        return new CheckResult(status, "checked", Duration.ofMillis(millis), T0, metrics);
    }

    private static ServiceEntry entry(String name, ServiceState state, int restarts, HealthStatus health,
                                      List<CheckHealth> checks) {
        ServiceStatus process = new ServiceStatus(name, state, state == ServiceState.RUNNING ? 4242 : -1, T0, restarts,
                null, "", "test", Map.of("http", 8000));
        ServiceHealth h = health == null ? null : new ServiceHealth(name, health, "", null, T0, checks);
        return new ServiceEntry(process, h, null, null, Verdict.PASS);
    }

    /** api runs and is UP with an exec check's perfdata; db backs off, DOWN; web runs, health not known yet. */
    private static SystemStatus system() {
        CheckHealth disk = new CheckHealth("disk", "exec", HealthStatus.UP, true, 0, 3, List.of(
                result(HealthStatus.UP, 12, Map.of("used_percent", 10.0)),
                result(HealthStatus.UP, 11, Map.of("used_percent", 42.5, "inodes", 1234.0))));
        CheckHealth http = new CheckHealth("http", "http", HealthStatus.DOWN, true, 3, 0, List.of(
                result(HealthStatus.DOWN, 1000, Map.of())));
        CheckHealth host = new CheckHealth("system", "system", HealthStatus.UP, true, 0, 1, List.of(
                result(HealthStatus.UP, 2, Map.of("load1", 0.5))));
        return new SystemStatus(Verdict.FAIL, T0, List.of(
                entry("api", ServiceState.RUNNING, 0, HealthStatus.UP, List.of(disk)),
                entry("db", ServiceState.BACKOFF, 3, HealthStatus.DOWN, List.of(http)),
                entry("web", ServiceState.RUNNING, 1, null, List.of())), List.of(),
                new ServiceHealth("system", HealthStatus.UP, "", null, T0, List.of(host)));
    }

    private static RecoveryRecord attempt(String service, String strategy, RecoveryRecord.Outcome outcome, long failedSecondsAgo,
                                          long tookMillis) {
        Instant start = T0.minusSeconds(failedSecondsAgo).plusMillis(100);
        return new RecoveryRecord(service, FailureKind.CRASHED, strategy, T0.minusSeconds(failedSecondsAgo), start,
                Duration.ofMillis(tookMillis), outcome, "did it");
    }

    @Test
    void theStatusGivesUpStateHealthRestartsAndPerfdata() throws Exception {
        Exposition e = new Exposition(ServiceFigures.of(system()));

        assertEquals(1, e.value("vigil_service_up", "service", "api"));
        assertEquals(0, e.value("vigil_service_up", "service", "db"), "backing off and DOWN is not up");
        assertEquals(0, e.value("vigil_service_up", "service", "web"), "running but of unknown health is not up yet");
        for (ServiceState s : ServiceState.values()) {
            assertEquals(s == ServiceState.BACKOFF ? 1 : 0, e.value("vigil_service_state", "service", "db", "state", s.name()));
        }
        assertEquals(1, e.value("vigil_service_health", "service", "db", "health", "DOWN"));
        assertEquals(0, e.value("vigil_service_health", "service", "db", "health", "UP"));
        assertEquals(1, e.value("vigil_service_health", "service", "web", "health", "UNKNOWN"));
        assertEquals(3, e.value("vigil_restarts_total", "service", "db"));
        assertEquals(0, e.value("vigil_restarts_total", "service", "api"));
        assertEquals(42.5, e.value("vigil_check_perfdata", "service", "api", "check", "disk", "metric", "used_percent"),
                "the last run's figure, not an earlier one");
        assertEquals(1234, e.value("vigil_check_perfdata", "service", "api", "check", "disk", "metric", "inodes"));
        assertEquals(0.5, e.value("vigil_check_perfdata", "service", "system", "check", "system", "metric", "load1"));
        assertEquals(3, e.named("vigil_check_perfdata").size());
        assertPromtoolHappy(e);
    }

    @Test
    void theJournalGivesAttemptsByOutcomeAndTheTimeToRecovery() throws Exception {
        List<RecoveryRecord> records = List.of(
                // Each attempt starts 100 ms after its failure was seen.
                attempt("api", "restart", RecoveryRecord.Outcome.RECOVERED, 2, 900), // 1 s to recovery
                attempt("api", "restart", RecoveryRecord.Outcome.RECOVERED, 60, 39_900), // 40 s
                attempt("api", "restart", RecoveryRecord.Outcome.FAILED, 5, 4900),
                attempt("api", "reassign-port", RecoveryRecord.Outcome.SKIPPED, 1, 0),
                attempt("db", "restart", RecoveryRecord.Outcome.GAVE_UP, 1, 10));
        Exposition e = new Exposition(RecoveryFigures.of(records));

        assertEquals(2, e.value("vigil_recoveries_total", "service", "api", "strategy", "restart", "outcome", "recovered"));
        assertEquals(1, e.value("vigil_recoveries_total", "service", "api", "strategy", "restart", "outcome", "failed"));
        assertEquals(1, e.value("vigil_recoveries_total", "service", "api", "strategy", "reassign-port", "outcome", "skipped"));
        assertEquals(1, e.value("vigil_recoveries_total", "service", "db", "strategy", "restart", "outcome", "gave_up"));
        assertEquals(2, e.value("vigil_recovery_seconds_count", "service", "api", "strategy", "restart"));
        assertEquals(1.0 + 40.0, e.value("vigil_recovery_seconds_sum", "service", "api", "strategy", "restart"), 1e-9);
        assertEquals(1, e.value("vigil_recovery_seconds_bucket", "service", "api", "strategy", "restart", "le", "1.0"));
        assertEquals(1, e.value("vigil_recovery_seconds_bucket", "service", "api", "strategy", "restart", "le", "30.0"));
        assertEquals(2, e.value("vigil_recovery_seconds_bucket", "service", "api", "strategy", "restart", "le", "60.0"));
        assertEquals(2, e.value("vigil_recovery_seconds_bucket", "service", "api", "strategy", "restart", "le", "+Inf"));
        assertTrue(e.named("vigil_recovery_seconds_count").stream().noneMatch(s -> "db".equals(s.labels().get("service"))),
                "only recovered attempts have a time to recovery");
        assertPromtoolHappy(e);
    }

    @Test
    void portLeasesAndTheSchedulersFiguresAreExposedInBaseUnits() throws Exception {
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(PortFigures.of(List.of(
                new PortAssignment("api", "http", 8001, new PortSpec(8000, 8000, 8099), T0, "8000 was held"),
                new PortAssignment("vigil", "http", 7070, new PortSpec(7070, 7070, 7099), T0, "preferred"))));
        Map<String, Number> stats = new LinkedHashMap<>();
        stats.put("checksRun", 1200L);
        stats.put("checksSkipped", 3L);
        stats.put("latenessP50Ms", 0.25);
        stats.put("latenessP99Ms", 4.0);
        stats.put("latenessMaxMs", 12.5);
        stats.put("checksConfigured", 201);
        stats.put("observerDropped", 0L);
        all.addAll(MonitorFigures.of(stats));
        Exposition e = new Exposition(all);

        assertEquals(8001, e.value("vigil_port_assigned", "service", "api", "name", "http"));
        assertEquals(7070, e.value("vigil_port_assigned", "service", "vigil", "name", "http"));
        assertEquals(1200, e.value("vigil_monitor_checks_run_total"));
        assertEquals(3, e.value("vigil_monitor_checks_skipped_total"));
        assertEquals(201, e.value("vigil_monitor_checks"));
        assertEquals(0.004, e.value("vigil_monitor_lateness_seconds", "stat", "p99"), 1e-12);
        assertEquals(0.0125, e.value("vigil_monitor_lateness_seconds", "stat", "max"), 1e-12);
        assertEquals(0, e.value("vigil_monitor_observer_dropped_total"));
        assertPromtoolHappy(e);
    }

    @Test
    void everyCheckRunIsTimedFailuresCountedAndARemovedServiceForgotten() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        CheckFigures figures = new CheckFigures(registry);
        figures.record("api", "http", result(HealthStatus.UP, 3, Map.of()));
        figures.record("api", "http", result(HealthStatus.UP, 30, Map.of()));
        figures.record("api", "http", result(HealthStatus.DOWN, 1000, Map.of()));
        figures.record("db", "tcp", result(HealthStatus.UP, 1, Map.of()));

        Exposition e = new Exposition(registry.scrape().stream().toList());
        assertEquals(3, e.value("vigil_check_duration_seconds_count", "service", "api", "check", "http"));
        assertEquals(1.033, e.value("vigil_check_duration_seconds_sum", "service", "api", "check", "http"), 1e-9);
        assertEquals(1, e.value("vigil_check_duration_seconds_bucket", "service", "api", "check", "http", "le", "0.005"));
        assertEquals(2, e.value("vigil_check_duration_seconds_bucket", "service", "api", "check", "http", "le", "0.05"));
        assertEquals(3, e.value("vigil_check_duration_seconds_bucket", "service", "api", "check", "http", "le", "1.0"));
        assertEquals(1, e.value("vigil_check_failures_total", "service", "api", "check", "http"));
        assertEquals(0, e.value("vigil_check_failures_total", "service", "db", "check", "tcp"),
                "a check that never failed has its series at 0");
        assertPromtoolHappy(e);

        figures.keepOnly(Set.of(List.of("api", "http")));
        Exposition after = new Exposition(registry.scrape().stream().toList());
        assertTrue(after.samples.stream().noneMatch(s -> "db".equals(s.labels().get("service"))), after.text);
        assertEquals(3, after.value("vigil_check_duration_seconds_count", "service", "api", "check", "http"));
    }

    @Test
    void theDaemonsProcessAndTheHostAreReadFromThisMachine() throws Exception {
        Exposition e = new Exposition(new HostFigures().collect());
        ProcessHandle.Info me = ProcessHandle.current().info();
        double rss = e.value("vigil_process_resident_memory_bytes");
        assertTrue(rss > 16 << 20 && rss < e.value("vigil_host_memory_total_bytes"), "a JVM holds more than 16 MiB: " + rss);
        assertTrue(e.value("vigil_process_threads") >= Thread.activeCount(), e.text);
        assertTrue(e.value("vigil_process_open_fds") >= 3, "stdin, stdout, stderr at least");
        double cpu = e.value("vigil_process_cpu_seconds_total");
        assertTrue(cpu > 0 && cpu <= me.totalCpuDuration().orElseThrow().toNanos() / 1e9 + 1, "cpu " + cpu);
        assertEquals(me.startInstant().orElseThrow().toEpochMilli() / 1000.0, e.value("vigil_process_start_time_seconds"), 1.0);
        assertEquals(Runtime.getRuntime().availableProcessors(), e.value("vigil_host_cpus"), 0.0,
                "unless a CPU limit applies to this JVM");
        assertTrue(e.value("vigil_host_memory_available_bytes") > 0);
        assertTrue(e.value("vigil_host_load1") >= 0);
        assertTrue(e.value("vigil_host_cpu_seconds_total", "mode", "idle") > 0);
        assertTrue(e.value("vigil_host_cpu_seconds_total", "mode", "user") > 0);
        assertPromtoolHappy(e);
    }

    private static void assertPromtoolHappy(Exposition e) throws Exception {
        String said = e.promtool();
        assumeTrue(said != null, "promtool is not installed");
        assertEquals("", said, "promtool check metrics on:\n" + e.text);
    }
}
