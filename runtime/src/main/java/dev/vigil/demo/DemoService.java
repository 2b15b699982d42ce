package dev.vigil.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A tiny HTTP service the distribution ships so that the default config supervises
 * something real: {@code GET /} says who it is, {@code GET /health} answers
 * {@code {"status":"ok"}}, {@code GET /metrics} gives its start time in the Prometheus text
 * format, so the targets Vigil's {@code /sd} lists for it can be scraped. It listens on
 * loopback only.
 *
 * <p>Usage: {@code DemoService NAME PORT}, or with no port the {@code PORT} environment variable.
 */
public final class DemoService {
    private DemoService() {
    }

    public static void main(String[] args) throws IOException {
        String name = args.length > 0 ? args[0] : System.getenv().getOrDefault("VIGIL_SERVICE", "demo");
        String portText = args.length > 1 ? args[1] : System.getenv("PORT");
        if (portText == null) {
            System.err.println("usage: DemoService NAME PORT (or set PORT)");
            System.exit(2);
        }
        int port = Integer.parseInt(portText);
        Instant started = Instant.now();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/health", ex -> reply(ex, "application/json", "{\"status\":\"ok\",\"service\":\""
                + name + "\",\"pid\":" + ProcessHandle.current().pid() + "}\n"));
        server.createContext("/metrics", ex -> reply(ex, "text/plain; version=0.0.4; charset=utf-8",
                "# HELP demo_start_time_seconds When this demo service started, in seconds since the epoch.\n"
                + "# TYPE demo_start_time_seconds gauge\n"
                + "demo_start_time_seconds " + started.getEpochSecond() + "\n"));
        server.createContext("/", ex -> reply(ex, "text/plain; charset=utf-8", name + " (pid "
                + ProcessHandle.current().pid() + ") up since " + started + "\n"));
        server.start();
        System.out.println(name + " listening on 127.0.0.1:" + port + " (pid " + ProcessHandle.current().pid() + ")");
    }

    private static void reply(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
