package dev.vigil.check.felixhc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.Parameters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Felix health checks, written against the Felix API as any HC bundle would, run through the felix-hc type. */
class FelixHealthChecksTest {
    private final FelixHealthChecks type = new FelixHealthChecks();

    @BeforeEach
    void activate() {
        type.activate();
    }

    @AfterEach
    void deactivate() {
        type.deactivate();
    }

    /** A Felix health check answering with a fixed status, logged the way Felix checks log. */
    private static HealthCheck answering(Result.Status status, String message) {
        return () -> {
            FormattingResultLog log = new FormattingResultLog();
            switch (status) {
                case OK -> log.info(message);
                case WARN -> log.warn(message);
                default -> log.critical(message);
            }
            return new Result(log);
        };
    }

    private CheckResult run(Map<String, Object> params, Duration timeout) throws Exception {
        CheckRequest request = new CheckRequest("system", ProcessHandle.current().pid(), Map.of(),
                new Parameters(params), timeout);
        return type.run(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void noFelixChecksIsNothingWrong() throws Exception {
        CheckResult r = run(Map.of(), Duration.ofSeconds(1));
        assertEquals(HealthStatus.UP, r.status());
        assertEquals("no Felix health checks present", r.message());
    }

    @Test
    void allOkIsUp() throws Exception {
        type.bindHealthCheck(answering(Result.Status.OK, "disk fine"), Map.of(HealthCheck.NAME, "disk"));
        type.bindHealthCheck(answering(Result.Status.OK, "bundles fine"), Map.of(HealthCheck.NAME, "bundles"));
        CheckResult r = run(Map.of(), Duration.ofSeconds(1));
        assertEquals(HealthStatus.UP, r.status());
        assertEquals("2 Felix health checks OK", r.message());
    }

    @Test
    void theWorstDecidesAndIsNamedWithItsMessage() throws Exception {
        type.bindHealthCheck(answering(Result.Status.OK, "fine"), Map.of(HealthCheck.NAME, "disk"));
        type.bindHealthCheck(answering(Result.Status.WARN, "3 bundles not active"), Map.of(HealthCheck.NAME, "bundles"));
        assertEquals(HealthStatus.DEGRADED, run(Map.of(), Duration.ofSeconds(1)).status());
        type.bindHealthCheck(answering(Result.Status.CRITICAL, "database gone"), Map.of(HealthCheck.NAME, "db"));
        CheckResult r = run(Map.of(), Duration.ofSeconds(1));
        assertEquals(HealthStatus.DOWN, r.status());
        assertTrue(r.message().contains("db DOWN: database gone") && r.message().contains("bundles DEGRADED"),
                r.message());
    }

    @Test
    void tagsSelectChecks() throws Exception {
        type.bindHealthCheck(answering(Result.Status.CRITICAL, "broken"),
                Map.of(HealthCheck.NAME, "other", HealthCheck.TAGS, new String[] {"batch"}));
        type.bindHealthCheck(answering(Result.Status.OK, "fine"),
                Map.of(HealthCheck.NAME, "web", HealthCheck.TAGS, new String[] {"web", "core"}));
        assertEquals(HealthStatus.UP, run(Map.of("tags", List.of("core")), Duration.ofSeconds(1)).status());
        assertEquals(HealthStatus.DOWN, run(Map.of(), Duration.ofSeconds(1)).status());
    }

    @Test
    void aCheckThatThrowsIsDownAndAHangingOneTimesOut() throws Exception {
        HealthCheck throwing = () -> {
            throw new IllegalStateException("boom");
        };
        type.bindHealthCheck(throwing, Map.of(HealthCheck.NAME, "thrower"));
        CheckResult r = run(Map.of(), Duration.ofSeconds(1));
        assertEquals(HealthStatus.DOWN, r.status());
        assertTrue(r.message().contains("thrower DOWN: failed: java.lang.IllegalStateException: boom"), r.message());
        type.unbindHealthCheck(throwing);

        HealthCheck hanging = () -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Result(Result.Status.OK, "late");
        };
        type.bindHealthCheck(hanging, Map.of(HealthCheck.NAME, "sleeper"));
        long start = System.nanoTime();
        try {
            run(Map.of(), Duration.ofMillis(300));
            throw new AssertionError("a hanging Felix check must not give a result");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof java.util.concurrent.TimeoutException, e.toString());
        }
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "timed out at the check's timeout, not the hang's end");
    }
}
