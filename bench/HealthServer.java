import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny HTTP test endpoint for the benchmarks under bench/: answers every request on
 * every port given with {@code 200 ok} (keep-alive, a fixed body), from a pool of
 * THREADS threads per port and a listen backlog of BACKLOG, so it is never the
 * bottleneck of a health-check benchmark.
 *
 * <pre>java [-Dthreads=8] [-Dbacklog=1024] bench/HealthServer.java PORT [PORT...]</pre>
 *
 * Run as a single-file source program (JDK 11+). Prints "ready PORT..." on stdout once
 * every port is bound; exits on SIGTERM. A request to /count answers the number of
 * requests served so far (all ports together).
 */
public final class HealthServer {
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicLong SERVED = new AtomicLong();

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java HealthServer.java PORT [PORT...]");
            System.exit(2);
        }
        int threads = Integer.getInteger("threads", 8);
        int backlog = Integer.getInteger("backlog", 1024);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        StringBuilder ready = new StringBuilder("ready");
        for (String arg : args) {
            int port = Integer.parseInt(arg);
            HttpServer server = HttpServer.create(new InetSocketAddress(loopback, port), backlog);
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "health-" + port);
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(pool);
            server.createContext("/", HealthServer::handle);
            server.start();
            ready.append(' ').append(port);
        }
        System.out.println(ready);
        System.out.flush();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        long n = SERVED.incrementAndGet();
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body = exchange.getRequestURI().getPath().equals("/count")
                    ? (n + "\n").getBytes(StandardCharsets.US_ASCII) : OK;
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
