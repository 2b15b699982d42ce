package dev.vigil.check.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http check against a real HTTP server that can be made healthy, failing, slow or hung. */
class HttpCheckTest {
    /** How late a result may come after the check's own timeout on a busy machine. */
    private static final long MARGIN_MS = 1_000;

    private final HttpCheck check = new HttpCheck();
    private final HealthEndpoint server = new HealthEndpoint();

    @BeforeEach
    void activate() {
        check.activate();
    }

    @AfterEach
    void close() {
        check.deactivate();
        server.close();
    }

    private static CheckRequest request(Map<String, Object> parameters, Duration timeout) {
        return new CheckRequest("api", ProcessHandle.current().pid(), Map.of(), new Parameters(parameters), timeout);
    }

    private CheckResult run(Map<String, Object> parameters, Duration timeout) throws Exception {
        return check.run(request(parameters, timeout)).toCompletableFuture()
                .get(timeout.toMillis() + MARGIN_MS, TimeUnit.MILLISECONDS);
    }

    private Map<String, Object> url(Object... more) {
        Map<String, Object> p = new HashMap<>();
        p.put("url", server.url());
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return p;
    }

    @Test
    void healthyServerIsUp() throws Exception {
        CheckResult r = run(url("expectJson", Map.of("status", "ok"), "expectBody", "ok"), Duration.ofSeconds(2));
        assertEquals(HealthStatus.UP, r.status(), r.message());
        assertTrue(r.message().startsWith("HTTP 200 in "), r.message());
    }

    @Test
    void passedMessageNamesTheStatusAndTheTime() {
        assertEquals("HTTP 200 in 0 ms", HttpCheck.passed(200, 0));
        assertEquals("HTTP 200 in 99 ms", HttpCheck.passed(200, 99));
        assertEquals("HTTP 200 in 100 ms", HttpCheck.passed(200, 100));
        assertEquals("HTTP 204 in 3 ms", HttpCheck.passed(204, 3));
    }

    @Test
    void unhealthyServerIsDownWithItsStatus() throws Exception {
        server.unhealthy();
        CheckResult r = run(url(), Duration.ofSeconds(2));
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("HTTP 503, expected 200-399", r.message());
    }

    @Test
    void expectStatusCanAskForAnyStatus() throws Exception {
        server.unhealthy();
        assertEquals(HealthStatus.UP, run(url("expectStatus", "503"), Duration.ofSeconds(2)).status());
        server.healthy();
        CheckResult r = run(url("expectStatus", "204"), Duration.ofSeconds(2));
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("HTTP 200, expected 204-204", r.message());
    }

    @Test
    void slowAnswerWithinTheTimeoutIsDegraded() throws Exception {
        server.slow(Duration.ofMillis(300));
        CheckResult r = run(url("latencyWarning", "100ms"), Duration.ofSeconds(3));
        assertEquals(HealthStatus.DEGRADED, r.status(), r.message());
        assertTrue(r.message().endsWith("slower than 100 ms"), r.message());
        assertTrue(r.latency().toMillis() >= 300, "latency " + r.latency());
    }

    @Test
    void hungServerIsDownSoonAfterTheTimeout() throws Exception {
        server.hung();
        long start = System.nanoTime();
        CheckResult r = run(url(), Duration.ofMillis(300));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("no answer within 300 ms (" + server.url() + ")", r.message());
        assertTrue(took >= 300 && took < 300 + MARGIN_MS, "took " + took + " ms");
    }

    @Test
    void hungChecksHoldNoThreadSoOthersStillAnswerPromptly() throws Exception {
        server.hung();
        Duration timeout = Duration.ofSeconds(3);
        long start = System.nanoTime();
        List<CompletableFuture<CheckResult>> hung = IntStream.range(0, 20)
                .mapToObj(i -> check.run(request(url(), timeout)).toCompletableFuture()).toList();
        try (HealthEndpoint other = new HealthEndpoint()) {
            CheckResult healthy = check.run(request(Map.of("url", other.url()), timeout)).toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long answeredAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(HealthStatus.UP, healthy.status(), healthy.message());
            assertTrue(answeredAfter < 1_500, "the healthy check waited " + answeredAfter + " ms behind hung ones");
            assertTrue(hung.stream().noneMatch(CompletableFuture::isDone), "hung checks answered before their timeout");
        }
        CompletableFuture.allOf(hung.toArray(CompletableFuture[]::new))
                .get(timeout.toMillis() + MARGIN_MS, TimeUnit.MILLISECONDS);
        for (CompletableFuture<CheckResult> f : hung) {
            assertEquals(HealthStatus.DOWN, f.join().status());
            assertTrue(f.join().message().startsWith("no answer within 3000 ms"), f.join().message());
        }
    }

    @Test
    void bodyLackingTheExpectedTextIsDown() throws Exception {
        server.answer(200, "maintenance");
        CheckResult r = run(url("expectBody", "\"ok\""), Duration.ofSeconds(2));
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("HTTP 200 but the body lacks \"\"ok\"\"", r.message());
    }

    @Test
    void jsonFieldWithAnotherValueIsDownNamingTheField() throws Exception {
        server.answer(200, "{\"status\":\"degraded\",\"db\":\"ok\"}");
        CheckResult r = run(url("expectJson", Map.of("status", "ok")), Duration.ofSeconds(2));
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("HTTP 200 but status is \"degraded\", expected \"ok\"", r.message());

        r = run(url("expectJson", Map.of("version", "2")), Duration.ofSeconds(2));
        assertEquals("HTTP 200 but version is missing, expected \"2\"", r.message());

        server.answer(200, "<html>ok</html>");
        r = run(url("expectJson", Map.of("status", "ok")), Duration.ofSeconds(2));
        assertEquals("HTTP 200 but the body is not JSON", r.message());
    }

    @Test
    void jsonNumbersAndBooleansCompareByValue() throws Exception {
        server.answer(200, "{\"workers\": 4.0, \"ready\": true}");
        CheckResult r = run(url("expectJson", Map.of("workers", new BigDecimal("4"), "ready", true)),
                Duration.ofSeconds(2));
        assertEquals(HealthStatus.UP, r.status(), r.message());
    }

    @Test
    void closedPortIsDownConnectionRefused() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/health";
        CheckResult r = run(Map.of("url", url), Duration.ofSeconds(2));
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("connection refused (" + url + ")", r.message());
    }

    @Test
    void badExpectStatusIsRejectedNamingTheParameter() {
        for (String bad : List.of("2xx", "99", "500-200", "200-399-500")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> check.run(request(url("expectStatus", bad), Duration.ofSeconds(1))), bad);
            assertTrue(e.getMessage().contains("\"expectStatus\"") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void missingUrlIsRejectedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> check.run(request(Map.of(), Duration.ofSeconds(1))));
        assertEquals("parameter \"url\" is missing", e.getMessage());
    }
}
