package dev.vigil.check.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The system check on this very host. What the host looks like is not up to the test (a
 * build machine can be loaded, its disk full), so each test sets the limits it is not about
 * out of reach and judges only the figure it is about.
 */
class SystemCheckTest {
    private final SystemCheck check = new SystemCheck();

    @BeforeEach
    void activate() {
        check.activate();
    }

    /** Every limit out of reach, then the given ones. */
    private static Map<String, Object> limits(Object... given) {
        Map<String, Object> p = new HashMap<>();
        for (String name : List.of("cpuWarning", "cpuCritical", "memoryWarning", "memoryCritical", "diskWarning",
                "diskCritical", "loadWarning", "loadCritical")) {
            p.put(name, new BigDecimal("1000000"));
        }
        for (int i = 0; i < given.length; i += 2) {
            p.put((String) given[i], given[i + 1]);
        }
        return p;
    }

    private CheckResult run(Map<String, Object> parameters) throws Exception {
        CheckRequest request = new CheckRequest("system", ProcessHandle.current().pid(), Map.of(),
                new Parameters(parameters), Duration.ofSeconds(1));
        return check.run(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static List<String> disks(CheckResult r) {
        return r.metrics().keySet().stream().filter(k -> k.startsWith("disk_used_percent:")).toList();
    }

    @Test
    void measuresCpuMemoryLoadAndEveryDisk() throws Exception {
        CheckResult r = run(limits());
        assertEquals(HealthStatus.UP, r.status(), r.message());
        assertTrue(r.message().startsWith("cpu "), r.message());
        for (String figure : List.of("cpu_percent", "memory_used_percent", "load_per_core")) {
            double v = r.metrics().get(figure);
            assertTrue(Double.isFinite(v) && v >= 0, figure + " = " + v);
        }
        assertTrue(r.metrics().get("cpu_percent") <= 100 && r.metrics().get("memory_used_percent") <= 100,
                r.metrics().toString());
        assertFalse(disks(r).isEmpty(), "no disk in " + r.metrics());
        disks(r).forEach(d -> assertTrue(r.metrics().get(d) >= 0 && r.metrics().get(d) <= 100, d));
    }

    @Test
    void defaultLimitsAreTheDocumentedOnes() throws Exception {
        run(Map.of());
        CheckResult r = run(Map.of());
        Map<String, Double> m = r.metrics();
        double load = m.get("load_per_core");
        double memory = m.get("memory_used_percent");
        double fullest = disks(r).stream().mapToDouble(m::get).max().orElse(0);
        // A loaded machine is only a warning: load alone never makes the host DOWN.
        HealthStatus expected = memory >= 97 || fullest >= 97 ? HealthStatus.DOWN
                : load >= 4 || memory >= 90 || fullest >= 90 || m.get("cpu_percent") >= 95 ? HealthStatus.DEGRADED
                : HealthStatus.UP;
        assertEquals(expected, r.status(), r.message() + " with " + m);
    }

    @Test
    void aDiskOverTheCriticalLimitIsDownNamingTheMount() throws Exception {
        CheckResult r = run(limits("diskCritical", BigDecimal.ZERO));
        assertEquals(HealthStatus.DOWN, r.status());
        for (String disk : disks(r)) {
            String mount = disk.substring("disk_used_percent:".length());
            assertTrue(r.message().matches("(.*; )?disk " + java.util.regex.Pattern.quote(mount)
                    + " \\d+% used \\(critical at 0\\)(; .*)?"), r.message());
        }
    }

    @Test
    void memoryOverTheWarningLimitIsDegraded() throws Exception {
        CheckResult r = run(limits("memoryWarning", BigDecimal.ZERO));
        assertEquals(HealthStatus.DEGRADED, r.status());
        assertTrue(r.message().matches("memory \\d+% used \\(warning at 0\\)"), r.message());
    }

    @Test
    void criticalOutranksWarning() throws Exception {
        CheckResult r = run(limits("memoryWarning", BigDecimal.ZERO, "loadCritical", BigDecimal.ZERO));
        assertEquals(HealthStatus.DOWN, r.status());
        assertTrue(r.message().startsWith("load "), r.message());
    }

    @Test
    void mountsLimitsTheDisksLooked() throws Exception {
        String first = disks(run(limits())).get(0).substring("disk_used_percent:".length());
        CheckResult r = run(limits("mounts", List.of(first)));
        assertEquals(List.of("disk_used_percent:" + first), disks(r));
        r = run(limits("mounts", List.of("/no/such/mount"), "diskCritical", BigDecimal.ZERO));
        assertEquals(List.of(), disks(r));
        assertEquals(HealthStatus.UP, r.status(), r.message());
    }

    @Test
    void badLimitIsRejectedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(Map.of("diskWarning", "90%")));
        assertTrue(e.getMessage().startsWith("parameter \"diskWarning\""), e.getMessage());
    }
}
