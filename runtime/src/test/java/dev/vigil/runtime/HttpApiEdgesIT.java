package dev.vigil.runtime;

import static dev.vigil.runtime.HttpApiIT.DEADLINE;
import static dev.vigil.runtime.HttpApiIT.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The daemon's HTTP endpoint at its edges, over raw sockets: every refusal is a 4xx in JSON
 * (never a trace or Jetty's page), a stalled client is cut off, it listens on loopback only,
 * it moves off a port a foreign process holds and says where, and when disabled it listens
 * nowhere while {@code vigil status} still works.
 */
class HttpApiEdgesIT extends DaemonIT {
    private static final String WORKER = "\"worker\": {\"command\": [\"sleep\", \"600\"]}";

    private void start(String http) throws Exception {
        start(http, "");
    }

    private void start(String http, String moreServices) throws Exception {
        Path config = dist.writeConfig("edges.json", "{\"system\": {\"http\": " + http + "}, \"services\": {" + WORKER
                + moreServices + "}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
        Dist.await(DEADLINE, "worker RUNNING", () -> StatusJson.of(dist).running("worker"));
    }

    private static void assertRefused(int port, Set<Integer> statuses, String method, String path, String... headers)
            throws IOException {
        RawHttp r = RawHttp.request(port, method, path, headers);
        try {
            assertJsonError(statuses, r.status, r.header("Content-Type"), r.body);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    @Test
    void everyRefusalIsAJsonErrorAndAStalledClientIsCutOff() throws Exception {
        int http = FreePorts.consecutive(2);
        start("{\"port\": " + RecoveryCliIT.range(http, 2) + "}");
        Dist.await(DEADLINE, "the endpoint", () -> Dist.answers(http));
        Set<Integer> notFound = Set.of(404);
        Set<Integer> badPath = Set.of(400, 404);
        assertRefused(http, notFound, "GET", "/nothing/here");
        assertRefused(http, badPath, "GET", "/health/../status");
        assertRefused(http, badPath, "GET", "/%2e%2e/status");
        assertRefused(http, badPath, "GET", "/health/%2e%2e/status");
        assertRefused(http, badPath, "GET", "/health/..%2fstatus");
        assertRefused(http, badPath, "GET", "/history/worker%2F..%2F..%2Fetc");
        assertRefused(http, badPath, "GET", "/../../etc/passwd");

        for (String[] wrong : List.of(new String[] {"DELETE", "/health"}, new String[] {"PUT", "/status"},
                new String[] {"POST", "/history/worker"}, new String[] {"GET", "/services/worker/stop"})) {
            RawHttp r = RawHttp.request(http, wrong[0], wrong[1], "Content-Length: 0");
            assertJsonError(Set.of(405), r.status, r.header("Content-Type"), r.body);
            assertFalse(r.header("Allow").isEmpty(), wrong[0] + " " + wrong[1] + " says what it takes: " + r);
            assertFalse(r.header("Allow").contains(wrong[0]), r.toString());
        }

        assertRefused(http, Set.of(431, 400), "GET", "/health", "X-Padding: " + "a".repeat(20_000));
        assertRefused(http, Set.of(413), "POST", "/health", "Content-Length: 100000");
        String token = Files.readString(dist.home.resolve("data/http.token")).trim();
        long pid = StatusJson.of(dist).pid("worker");
        RawHttp chunked = RawHttp.exchange(http, chunkedPost("/services/worker/restart", token, 9 * 8192));
        assertJsonError(Set.of(413), chunked.status, chunked.header("Content-Type"), chunked.body);
        assertEquals(pid, StatusJson.of(dist).pid("worker"), "a refused body restarts nothing");

        // Half a request, then silence: the server hangs up by itself (its idle timeout is far shorter).
        assertTrue(RawHttp.closesAStalledRequest(http, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ",
                Duration.ofSeconds(60)), "the stalled connection is still open after 60 s");
        assertEquals(200, Scrape.get(http, "/health/worker").status, "and it serves the next client");
    }

    /**
     * With room for one request at a time ({@code -Dvigil.http.concurrency=1}), a client that
     * holds its turn (a POST that sends one byte of its two: Jetty dispatches a request with a body
     * only once some of it came, and the servlet then waits for the rest) makes the next one wait, then get
     * 429 with Retry-After in JSON: not 503, which a health probe would read as "fail". Once the
     * holder is gone the endpoint answers again, and the unfinished POST restarted nothing.
     */
    @Test
    void aRequestOverTheBoundWaitsThenGets429WithRetryAfter() throws Exception {
        dist.env.put("VIGIL_JAVA_OPTS", "-Dvigil.http.concurrency=1");
        int http = FreePorts.consecutive(2);
        start("{\"port\": " + RecoveryCliIT.range(http, 2) + "}", ", \"stubborn\": {\"command\": [\"perl\", \"-e\", "
                + "\"$SIG{TERM} = 'IGNORE'; sleep 600\"], \"stopTimeout\": \"6s\"}");
        Dist.await(DEADLINE, "stubborn RUNNING", () -> StatusJson.of(dist).running("stubborn"));
        Dist.await(DEADLINE, "the endpoint", () -> Dist.answers(http));
        String token = Files.readString(dist.home.resolve("data/http.token")).trim();
        long pid = StatusJson.of(dist).pid("worker");
        RawHttp refused;
        try (Socket holder = new Socket("127.0.0.1", http)) {
            holder.getOutputStream().write(("POST /services/worker/restart HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{")
                    .getBytes(StandardCharsets.ISO_8859_1));
            holder.getOutputStream().flush();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            long waited;
            do { // until the held POST has its turn: the first GET may come before it
                long t0 = System.nanoTime();
                refused = RawHttp.request(http, "GET", "/health");
                waited = System.nanoTime() - t0;
            } while (refused.status != 429 && System.nanoTime() < deadline);
            assertJsonError(Set.of(429), refused.status, refused.header("Content-Type"), refused.body);
            assertEquals("1", refused.header("Retry-After"), refused.toString());
            assertTrue(Duration.ofNanos(waited).compareTo(Duration.ofMillis(1500)) >= 0,
                    "it waited for a turn before the refusal (" + Duration.ofNanos(waited).toMillis() + " ms)");
        }
        Dist.await(DEADLINE, "a turn once the holder left", () -> Scrape.get(http, "/health").status == 200);
        assertEquals(pid, StatusJson.of(dist).pid("worker"), "a POST cut off before its body restarts nothing");

        // A stop that waits seconds for its process gives its turn back: /health answers meanwhile.
        Thread stop = new Thread(() -> RawHttp.requestQuietly(http, "POST", "/services/stubborn/stop",
                "Authorization: Bearer " + token, "Content-Length: 0"));
        stop.start();
        Thread.sleep(1000); // the POST is in, waiting for a process that ignores SIGTERM (6 s until SIGKILL)
        RawHttp health = RawHttp.request(http, "GET", "/health");
        assertTrue(stop.isAlive(), "the stop was still under way");
        assertTrue(health.status == 200 || health.status == 503, "answered during the stop, not 429 after a wait: " + health);
        stop.join(30_000);
        Dist.await(DEADLINE, "stubborn STOPPED", () -> StatusJson.of(dist).state("stubborn").equals("STOPPED"));
    }

    /** A POST whose chunked body, of {@code size} bytes, carries no length to refuse it by. */
    private static byte[] chunkedPost(String path, String token, int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (int sent = 0; sent < size; sent += 8192) {
            out.write(("2000\r\n" + "a".repeat(8192) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    @Test
    void listensOnLoopbackOnlyOnAPortVigilPortsShowsAsItsOwn() throws Exception {
        int http = FreePorts.consecutive(2);
        start("{\"port\": " + RecoveryCliIT.range(http, 2) + "}");
        Dist.await(DEADLINE, "the endpoint", () -> Dist.answers(http));
        assertEquals(http, leasedPort(), "its preferred port, free");
        Dist.Result ports = dist.vigil("ports");
        assertEquals(0, ports.code(), "the daemon holding its own port is no conflict:\n" + ports.all());
        assertTrue(ports.out().lines().anyMatch(l -> l.startsWith("vigil.http") && l.contains(Integer.toString(http))),
                ports.out());

        Optional<InetAddress> outside = nonLoopbackAddress();
        assumeTrue(outside.isPresent(), "this host has no non-loopback IPv4 address to try");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(outside.get(), http), 2000);
            throw new AssertionError("the endpoint answers on " + outside.get() + ":" + http);
        } catch (IOException expected) {
            // Refused: it is bound to 127.0.0.1 only.
        }
        assertTrue(Dist.answers(http), "still on loopback");
    }

    @Test
    void movesOffAPortAForeignProcessHoldsAndSaysWhere() throws Exception {
        int base = FreePorts.consecutive(3);
        try (ForeignListener foreign = ForeignListener.start(dist.home, base)) {
            start("{\"port\": " + RecoveryCliIT.range(base, 3) + "}");
            int port = leasedPort();
            assertNotEquals(base, port, "not on the foreign listener's port");
            assertTrue(port > base && port < base + 3, "within the range: " + port);
            Dist.await(DEADLINE, "the endpoint on " + port, () -> Scrape.get(port, "/health").status == 200);
            StatusJson status = StatusJson.of(dist);
            assertTrue(status.notices().stream().anyMatch(n -> n.contains(":" + port + " instead of its preferred " + base)
                    && n.contains("pid " + foreign.pid())), "the notice names the new port and the holder: " + status);
            Dist.Result text = dist.vigil("status");
            assertTrue(text.out().contains("instead of its preferred " + base), text.all());
            assertTrue(HttpText.get(base).startsWith("squatter (pid " + foreign.pid()), "the foreign listener kept its port");
        }
    }

    @Test
    void disabledListensNowhereAndStatusStillWorks() throws Exception {
        int http = FreePorts.consecutive(2);
        start("{\"enabled\": false, \"port\": " + RecoveryCliIT.range(http, 2) + "}");
        StatusJson status = StatusJson.of(dist);
        assertTrue(status.code >= 0 && status.code < 3, status.toString());
        assertTrue(status.running("worker"), status.toString());
        assertFalse(Dist.answers(http) || Dist.answers(http + 1), "something answers in the range");
        for (int p = http; p < http + 2; p++) {
            try (ServerSocket free = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(p, free.getLocalPort(), "free for anyone else");
            }
        }
        JsonObject ports = JsonParser.parseString(dist.vigil("ports", "--json").out()).getAsJsonObject();
        for (JsonElement a : ports.getAsJsonArray("assignments")) {
            assertNotEquals("vigil", a.getAsJsonObject().get("service").getAsString(), "no lease kept: " + ports);
        }
    }

    /** The HTTP endpoint's port, as {@code vigil ports --json} shows its lease. */
    private int leasedPort() {
        Dist.Result r = dist.vigil("ports", "--json");
        for (JsonElement a : JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("assignments")) {
            JsonObject o = a.getAsJsonObject();
            if (o.get("service").getAsString().equals("vigil") && o.get("name").getAsString().equals("http")) {
                return o.get("port").getAsInt();
            }
        }
        throw new AssertionError("no vigil.http lease in:\n" + r.all());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (IOException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
    }
}
