package dev.vigil.alerts.webhook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.api.alert.Alert;
import dev.vigil.api.alert.AlertSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook against a real HTTP server on loopback: what it POSTs, and what counts as a failure. */
class WebhookSinkTest {
    static final Instant START = Instant.parse("2026-12-02T10:00:00.250Z");
    static final Alert FIRING = new Alert("trading/api/1796205600250", "trading", "api", Alert.Severity.CRITICAL,
            Alert.Status.FIRING, "api is FATAL", "exited with code 1 \"twice\"", START, null,
            Map.of("alertname", "VigilServiceFatal", "system", "trading", "service", "api", "severity", "critical",
                    "kind", "FATAL"));

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;
    private final WebhookSink sink = new WebhookSink();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (hang) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] reply = (answer == 200 ? "" : "{\"error\": \"bad alert\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, reply.length == 0 ? -1 : reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Test
    void formatJsonPostsOneObjectWithEveryField() throws Exception {
        sink.send(FIRING, new AlertSpec("webhook", "webhook#1", Map.of("url", url())));
        Alert resolved = FIRING.resolved(START.plusSeconds(90), "RUNNING and UP (pid 7)");
        sink.send(resolved, new AlertSpec("webhook", "webhook#1", Map.of("url", url(), "format", "json")));

        assertEquals(2, bodies.size());
        assertEquals("application/json", contentTypes.get(0));
        JsonObject first = JsonParser.parseString(bodies.get(0)).getAsJsonObject();
        assertEquals("firing", first.get("status").getAsString());
        assertEquals("trading/api/1796205600250", first.get("incident").getAsString());
        assertEquals("api", first.get("service").getAsString());
        assertEquals("critical", first.get("severity").getAsString());
        assertEquals("exited with code 1 \"twice\"", first.get("description").getAsString());
        assertEquals("2026-12-02T10:00:00.250Z", first.get("startsAt").getAsString());
        assertTrue(first.get("endsAt").isJsonNull());
        assertEquals("VigilServiceFatal", first.getAsJsonObject("labels").get("alertname").getAsString());
        JsonObject second = JsonParser.parseString(bodies.get(1)).getAsJsonObject();
        assertEquals("resolved", second.get("status").getAsString());
        assertEquals("2026-12-02T10:01:30.250Z", second.get("endsAt").getAsString());
        assertNull(sink.repeatEvery(new AlertSpec("webhook", "webhook#1", Map.of("url", url()))));
    }

    @Test
    void formatAlertmanagerPostsAListOfOneAlertWithLabelsAnnotationsAndEndsAtOnceResolved() throws Exception {
        AlertSpec am = new AlertSpec("webhook", "am", Map.of("url", url(), "format", "alertmanager"));
        sink.send(FIRING, am);
        sink.send(FIRING.resolved(START.plusSeconds(90), "RUNNING and UP (pid 7)"), am);

        JsonArray firing = JsonParser.parseString(bodies.get(0)).getAsJsonArray();
        assertEquals(1, firing.size());
        JsonObject a = firing.get(0).getAsJsonObject();
        assertEquals(FIRING.labels().keySet(), a.getAsJsonObject("labels").keySet());
        assertEquals("trading", a.getAsJsonObject("labels").get("system").getAsString());
        assertEquals("api is FATAL", a.getAsJsonObject("annotations").get("summary").getAsString());
        assertEquals(FIRING.incident(), a.getAsJsonObject("annotations").get("incident").getAsString());
        assertEquals("2026-12-02T10:00:00.250Z", a.get("startsAt").getAsString());
        assertFalse(a.has("endsAt"), "a firing alert has no end");
        JsonObject r = JsonParser.parseString(bodies.get(1)).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals(a.get("labels"), r.get("labels"), "the same labels: the same alert in Alertmanager");
        assertEquals("2026-12-02T10:01:30.250Z", r.get("endsAt").getAsString());
        assertEquals(Duration.ofMinutes(1), sink.repeatEvery(am));
    }

    @Test
    void anAnswerOtherThan2xxIsAFailureSayingWhat() {
        answer = 400;
        IOException e = assertThrows(IOException.class, () -> sink.send(FIRING,
                new AlertSpec("webhook", "webhook#1", Map.of("url", url()))));
        assertEquals("POST " + url() + " answered HTTP 400: {\"error\": \"bad alert\"}", e.getMessage());
    }

    @Test
    void aClosedPortIsAFailureSayingNothingListens() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String at = "http://127.0.0.1:" + closed + "/hook";
        IOException e = assertThrows(IOException.class, () -> sink.send(FIRING,
                new AlertSpec("webhook", "webhook#1", Map.of("url", at))));
        assertEquals("POST " + at + ": connection refused (is anything listening there?)", e.getMessage());
    }

    @Test
    void aReceiverThatDoesNotAnswerWithinTheTimeoutIsAFailure() {
        hang = true;
        IOException e = assertThrows(IOException.class, () -> sink.send(FIRING,
                new AlertSpec("webhook", "webhook#1", Map.of("url", url(), "timeout", "300ms"))));
        assertEquals("no answer from " + url() + " within 300 ms", e.getMessage());
    }
}
