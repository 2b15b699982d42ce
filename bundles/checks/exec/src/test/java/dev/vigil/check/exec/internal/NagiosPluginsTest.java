package dev.vigil.check.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.Parameters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The exec check running the real monitoring-plugins binaries (Debian package
 * monitoring-plugins-basic, installed by .ci/run) against real listeners.
 */
class NagiosPluginsTest {
    private static final Path PLUGINS = Path.of("/usr/lib/nagios/plugins");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ExecCheck check = new ExecCheck();

    private static String plugin(String name) {
        Path p = PLUGINS.resolve(name);
        assumeTrue(Files.isExecutable(p), p + " is not installed (apt-get install monitoring-plugins-basic)");
        return p.toString();
    }

    private CheckResult run(String... command) throws Exception {
        CheckRequest request = new CheckRequest("web", ProcessHandle.current().pid(), Map.of(),
                new Parameters(Map.of("command", new ArrayList<>(List.of(command)))), TIMEOUT);
        return check.run(request).toCompletableFuture().get(TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void checkTcpAgainstAListenerIsUp() throws Exception {
        String checkTcp = plugin("check_tcp");
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CheckResult r = run(checkTcp, "-H", "127.0.0.1", "-p", String.valueOf(s.getLocalPort()));
            assertEquals(HealthStatus.UP, r.status(), r.message());
            assertTrue(r.message().startsWith("TCP OK"), r.message());
            assertTrue(r.metrics().get("time_s") >= 0, r.metrics().toString());
        }
    }

    @Test
    void checkTcpAgainstAClosedPortIsDown() throws Exception {
        String checkTcp = plugin("check_tcp");
        int port = closedPort();
        CheckResult r = run(checkTcp, "-H", "127.0.0.1", "-p", String.valueOf(port));
        assertEquals(HealthStatus.DOWN, r.status(), "CRITICAL: " + r.message());
        assertTrue(r.message().contains("port " + port) && r.message().contains("Connection refused"), r.message());
    }

    @Test
    void checkHttpAgainstAHealthEndpointIsUpWithItsPerformanceData() throws Exception {
        String checkHttp = plugin("check_http");
        byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/health", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            }
        });
        server.start();
        try {
            String port = String.valueOf(server.getAddress().getPort());
            CheckResult r = run(checkHttp, "-H", "127.0.0.1", "-p", port, "-u", "/health", "-s", "\"status\":\"ok\"");
            assertEquals(HealthStatus.UP, r.status(), r.message());
            assertTrue(r.message().startsWith("HTTP OK"), r.message());
            assertTrue(r.metrics().get("time_s") >= 0, r.metrics().toString());
            assertTrue(r.metrics().get("size_B") >= body.length, r.metrics().toString());

            r = run(checkHttp, "-H", "127.0.0.1", "-p", port, "-u", "/health", "-s", "\"status\":\"degraded\"");
            assertEquals(HealthStatus.DOWN, r.status(), "a missing string is CRITICAL: " + r.message());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void checkDiskWithinItsThresholdsIsUpWithMetrics() throws Exception {
        String checkDisk = plugin("check_disk");
        CheckResult r = run(checkDisk, "-w", "1%", "-c", "1%", "-p", "/");
        assertEquals(HealthStatus.UP, r.status(), r.message());
        assertTrue(r.message().startsWith("DISK OK"), r.message());
        assertTrue(r.metrics().get("/_B") > 0, r.metrics().toString());
    }

    @Test
    void checkDiskOverItsThresholdsIsDown() throws Exception {
        String checkDisk = plugin("check_disk");
        // -c 100% asks for all of / to be free: never true.
        CheckResult r = run(checkDisk, "-w", "100%", "-c", "100%", "-p", "/");
        assertEquals(HealthStatus.DOWN, r.status(), r.message());
        assertTrue(r.message().startsWith("DISK CRITICAL"), r.message());
    }

    @Test
    void aPluginsUsageErrorIsUnknown() throws Exception {
        String checkTcp = plugin("check_tcp");
        CheckResult r = run(checkTcp, "--no-such-option");
        assertEquals(HealthStatus.UNKNOWN, r.status(), r.message());
    }
}
