package dev.vigil.check.http.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 serving {@code /health}, switchable between healthy,
 * unhealthy, slow, hung and any other answer. No request holds a server thread: slow
 * answers are scheduled, hung exchanges are parked until close().
 */
final class HealthEndpoint implements AutoCloseable {
    static final String OK = "{\"status\":\"ok\"}";

    static {
        // Without it the JDK server's Nagle delay meets the client's delayed ACK: 40 ms for every answer.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** How the next requests are answered; {@code delay == null} means never. */
    private record Answer(int status, String body, Duration delay) {
    }

    private final HttpServer server;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "health-endpoint-later");
        t.setDaemon(true);
        return t;
    });
    private final List<HttpExchange> parked = new ArrayList<>();
    private volatile Answer answer = new Answer(200, OK, Duration.ZERO);

    HealthEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/health", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    void healthy() {
        answer = new Answer(200, OK, Duration.ZERO);
    }

    void unhealthy() {
        answer = new Answer(503, "{\"status\":\"down\"}", Duration.ZERO);
    }

    void slow(Duration delay) {
        answer = new Answer(200, OK, delay);
    }

    void hung() {
        answer = new Answer(200, OK, null);
    }

    void answer(int status, String body) {
        answer = new Answer(status, body, Duration.ZERO);
    }

    private void handle(HttpExchange exchange) {
        Answer a = answer;
        if (a.delay() == null) {
            synchronized (parked) {
                parked.add(exchange);
            }
        } else if (a.delay().isZero()) {
            send(exchange, a);
        } else {
            later.schedule(() -> send(exchange, a), a.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void send(HttpExchange exchange, Answer a) {
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), body.length);
            out.write(body);
        } catch (IOException e) {
            // The client gave up first (a timeout under test): nothing to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        later.shutdownNow();
        synchronized (parked) {
            parked.forEach(HttpExchange::close);
        }
    }
}
