package dev.vigil.monitor.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real HTTP server on 127.0.0.1 serving {@code /health}, switchable between healthy and
 * hung (a copy of the http check's test server). A hung request holds no server thread:
 * its exchange is parked until close().
 */
final class HealthEndpoint implements AutoCloseable {
    private static final String OK = "{\"status\":\"ok\"}";

    static {
        // Without it the JDK server's Nagle delay meets the client's delayed ACK: 40 ms for every answer.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final List<HttpExchange> parked = new ArrayList<>();
    private volatile boolean hung;

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
        hung = false;
    }

    void hung() {
        hung = true;
    }

    private void handle(HttpExchange exchange) {
        if (hung) {
            synchronized (parked) {
                parked.add(exchange);
            }
            return;
        }
        byte[] body = OK.getBytes(StandardCharsets.UTF_8);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        } catch (IOException e) {
            // The client gave up first: nothing to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        synchronized (parked) {
            parked.forEach(HttpExchange::close);
        }
    }
}
