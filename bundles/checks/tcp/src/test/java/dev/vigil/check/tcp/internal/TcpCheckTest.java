package dev.vigil.check.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.Parameters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tcp check against real listeners on 127.0.0.1. */
class TcpCheckTest {
    private static final long MARGIN_MS = 1_000;

    private final TcpCheck check = new TcpCheck();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @BeforeEach
    void activate() throws IOException {
        check.activate();
    }

    @AfterEach
    void close() throws Exception {
        check.deactivate();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private CheckResult run(Map<String, Object> parameters, Map<String, Integer> ports, Duration timeout)
            throws Exception {
        CheckRequest request = new CheckRequest("db", ProcessHandle.current().pid(), ports, new Parameters(parameters),
                timeout);
        return check.run(request).toCompletableFuture().get(timeout.toMillis() + MARGIN_MS, TimeUnit.MILLISECONDS);
    }

    private ServerSocket listener() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(s);
        return s;
    }

    /** Accepts connections on a daemon thread and hands each to {@code serve}. */
    private ServerSocket server(SocketHandler serve) throws IOException {
        ServerSocket s = listener();
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket c = s.accept();
                    open.add(c);
                    serve.handle(c);
                } catch (IOException e) {
                    return;
                }
            }
        }, "tcp-test-server");
        t.setDaemon(true);
        t.start();
        return s;
    }

    private interface SocketHandler {
        void handle(Socket s) throws IOException;
    }

    /** A line server: "+PONG" to "PING", "-ERR unknown command" to anything else. */
    private ServerSocket pingServer() throws IOException {
        return server(c -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = c.getOutputStream();
            String line = in.readLine();
            out.write(("PING".equals(line) ? "+PONG\r\n" : "-ERR unknown command\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            c.close();
        });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static BigDecimal port(ServerSocket s) {
        return BigDecimal.valueOf(s.getLocalPort());
    }

    @Test
    void listeningPortIsUp() throws Exception {
        ServerSocket s = listener();
        CheckResult r = run(Map.of("port", port(s)), Map.of(), Duration.ofSeconds(2));
        assertEquals(HealthStatus.UP, r.status(), r.message());
        assertTrue(r.message().startsWith("connected to 127.0.0.1:" + s.getLocalPort() + " in "), r.message());
    }

    @Test
    void portAsTextFromAPlaceholderIsRead() throws Exception {
        ServerSocket s = listener();
        CheckResult r = run(Map.of("port", String.valueOf(s.getLocalPort())), Map.of(), Duration.ofSeconds(2));
        assertEquals(HealthStatus.UP, r.status(), r.message());
    }

    @Test
    void closedPortIsDown() throws Exception {
        int port = closedPort();
        CheckResult r = run(Map.of("port", BigDecimal.valueOf(port)), Map.of(), Duration.ofSeconds(2));
        assertEquals(HealthStatus.DOWN, r.status());
        assertTrue(r.message().startsWith("cannot connect to 127.0.0.1:" + port + ": "), r.message());
        assertTrue(r.message().toLowerCase().contains("refused"), r.message());
    }

    @Test
    void expectedReplyIsUp() throws Exception {
        ServerSocket s = pingServer();
        CheckResult r = run(Map.of("port", port(s), "send", "PING", "expect", "+PONG"), Map.of(), Duration.ofSeconds(2));
        assertEquals(HealthStatus.UP, r.status(), r.message());
        assertTrue(r.message().startsWith("127.0.0.1:" + s.getLocalPort() + " replied \"+PONG\" in "), r.message());
    }

    @Test
    void otherReplyIsDownQuotingIt() throws Exception {
        ServerSocket s = pingServer();
        CheckResult r = run(Map.of("port", port(s), "send", "PING", "expect", "+OK"), Map.of(), Duration.ofSeconds(2));
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("127.0.0.1:" + s.getLocalPort() + " replied \"+PONG\", expected \"+OK...\"", r.message());

        r = run(Map.of("port", port(s), "send", "QUIT", "expect", "+PONG"), Map.of(), Duration.ofSeconds(2));
        assertEquals(HealthStatus.DOWN, r.status());
        assertTrue(r.message().contains("replied \"-ERR unknown command\""), r.message());
    }

    @Test
    void listenerThatNeverRepliesIsDownWithinTheTimeout() throws Exception {
        ServerSocket s = server(c -> {
            // Accepts and keeps the connection open without a word.
        });
        long start = System.nanoTime();
        CheckResult r = run(Map.of("port", port(s), "send", "PING", "expect", "+PONG"), Map.of(),
                Duration.ofMillis(300));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("no reply from 127.0.0.1:" + s.getLocalPort() + " within 300 ms", r.message());
        assertTrue(took >= 300 && took < 300 + MARGIN_MS, "took " + took + " ms");
    }

    @Test
    void listenerThatNeverAcceptsIsDownWithinTheTimeout() throws Exception {
        // A full accept queue: the kernel drops further SYNs, so a connect waits until the deadline.
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(s);
        boolean full = false;
        for (int i = 0; i < 16 && !full; i++) {
            Socket c = new Socket();
            open.add(c);
            try {
                c.connect(s.getLocalSocketAddress(), 200);
            } catch (java.net.SocketTimeoutException e) {
                full = true;
            }
        }
        assertTrue(full, "the accept queue of a listener with backlog 1 never filled up");
        long start = System.nanoTime();
        CheckResult r = run(Map.of("port", port(s)), Map.of(), Duration.ofMillis(300));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(HealthStatus.DOWN, r.status());
        assertEquals("no connection from 127.0.0.1:" + s.getLocalPort() + " within 300 ms", r.message());
        assertTrue(took >= 300 && took < 300 + MARGIN_MS, "took " + took + " ms");
    }

    @Test
    void listenerThatClosesWithoutReplyIsDown() throws Exception {
        ServerSocket s = server(Socket::close);
        CheckResult r = run(Map.of("port", port(s), "send", "PING", "expect", "+PONG"), Map.of(), Duration.ofSeconds(2));
        assertEquals(HealthStatus.DOWN, r.status(), r.message());
    }

    @Test
    void withoutPortTheServicesOnlyPortIsChecked() throws Exception {
        ServerSocket s = listener();
        CheckResult r = run(Map.of(), Map.of("redis", s.getLocalPort()), Duration.ofSeconds(2));
        assertEquals(HealthStatus.UP, r.status(), r.message());
        assertTrue(r.message().contains(":" + s.getLocalPort()), r.message());
    }

    @Test
    void withoutPortAndSeveralPortsTheParameterIsAskedFor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(Map.of(), Map.of("http", 8080, "admin", 8081), Duration.ofSeconds(1)));
        assertEquals("parameter \"port\" is missing, and the service has 2 ports; write \"port\": \"${port.NAME}\"",
                e.getMessage());
    }

    @Test
    void unfilledPlaceholderIsRejectedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(Map.of("port", "${port.http}"), Map.of(), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("parameter \"port\""), e.getMessage());
    }
}
