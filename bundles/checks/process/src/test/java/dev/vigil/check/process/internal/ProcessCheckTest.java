package dev.vigil.check.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The process check on real processes: this JVM, and one that has exited. */
class ProcessCheckTest {
    private static final long SELF = ProcessHandle.current().pid();

    private final ProcessCheck check = new ProcessCheck();

    @BeforeEach
    void activate() {
        check.activate();
    }

    private CheckResult run(long pid, Map<String, Object> parameters) throws Exception {
        CheckRequest request = new CheckRequest("api", pid, Map.of(), new Parameters(parameters), Duration.ofSeconds(1));
        return check.run(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aLiveProcessIsUpWithItsFigures() throws Exception {
        CheckResult r = run(SELF, Map.of());
        assertEquals(HealthStatus.UP, r.status(), r.message());
        assertTrue(r.message().startsWith("pid " + SELF + " alive: "), r.message());
        assertTrue(r.metrics().get("rss_bytes") > 0, r.metrics().toString());
        assertTrue(r.metrics().get("cpu_percent") >= 0, r.metrics().toString());
        assertTrue(r.metrics().getOrDefault("open_files", 1.0) > 0, r.metrics().toString());
    }

    @Test
    void theSecondRunMeasuresCpuSinceTheFirst() throws Exception {
        run(SELF, Map.of());
        CheckResult r = run(SELF, Map.of());
        assertEquals(HealthStatus.UP, r.status(), r.message());
        double cpu = r.metrics().get("cpu_percent");
        assertTrue(cpu >= 0 && Double.isFinite(cpu), "cpu " + cpu);
    }

    @Test
    void memoryOverTheCriticalLimitIsDownNamingMemory() throws Exception {
        CheckResult r = run(SELF, Map.of("rssCritical", "1MB", "rssWarning", "1KB"));
        assertEquals(HealthStatus.DOWN, r.status());
        assertTrue(r.message().startsWith("memory ") && r.message().endsWith(" MiB over the critical 1 MiB"),
                r.message());
    }

    @Test
    void memoryOverTheWarningLimitIsDegraded() throws Exception {
        CheckResult r = run(SELF, Map.of("rssWarning", "1MB", "rssCritical", "1TB"));
        assertEquals(HealthStatus.DEGRADED, r.status());
        assertTrue(r.message().matches("memory \\d+ MiB over the warning 1 MiB"), r.message());
    }

    @Test
    void openFilesOverTheLimitIsDown() throws Exception {
        CheckResult r = run(SELF, Map.of("filesCritical", BigDecimal.ONE));
        assumeTrue(r.metrics().containsKey("open_files"), "this OS does not tell a process's open files");
        assertEquals(HealthStatus.DOWN, r.status());
        assertTrue(r.message().endsWith(" open files over the critical 1 files"), r.message());
    }

    @Test
    void limitsWellAboveUseAreUp() throws Exception {
        CheckResult r = run(SELF, Map.of("rssWarning", "1TB", "cpuCritical", new BigDecimal("100000"),
                "filesWarning", new BigDecimal("1000000")));
        assertEquals(HealthStatus.UP, r.status(), r.message());
    }

    @Test
    void aProcessThatExitedIsGone() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertEquals(0, p.waitFor());
        CheckResult r = run(p.pid(), Map.of());
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("process " + p.pid() + " is gone", r.message());
    }

    @Test
    void noPidIsDown() throws Exception {
        assertEquals(HealthStatus.DOWN, run(-1, Map.of()).status());
    }

    @Test
    void badLimitIsRejectedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(SELF, Map.of("rssWarning", "lots")));
        assertTrue(e.getMessage().startsWith("parameter \"rssWarning\""), e.getMessage());
    }
}
