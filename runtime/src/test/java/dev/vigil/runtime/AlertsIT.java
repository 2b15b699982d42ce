package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts end to end, through bin/vigil: a real daemon, a real HTTP receiver (the JDK's
 * HttpServer) behind the webhook sink and a real script behind the exec sink. One incident
 * is one alert on each sink, then its resolution; a sink that cannot be reached holds back
 * no other sink, and is retried until it answers.
 */
class AlertsIT extends DaemonIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    /** An HTTP server on loopback that keeps what is POSTed to it, as a webhook receiver would. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<String> bodies = new CopyOnWriteArrayList<>();

        Receiver(int port) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/alerts", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
        }

        List<JsonObject> alerts() {
            return bodies.stream().map(b -> JsonParser.parseString(b).getAsJsonObject()).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void stopReceivers() {
        receivers.forEach(Receiver::close);
    }

    private Receiver receiver(int port) throws IOException {
        Receiver r = new Receiver(port);
        receivers.add(r);
        return r;
    }

    /** The exec sink: a script that appends its stdin (the alert as one JSON line) to {@code file}. */
    private static String execSink(Path file) {
        return "{\"type\": \"exec\", \"command\": [\"sh\", \"-c\", \"cat >> \\\"$0\\\"\", \"" + file + "\"]}";
    }

    private static List<JsonObject> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank())
                    .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList() : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String log() {
        try {
            return Files.readString(dist.home.resolve("logs/vigil.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private void start(String alerts, String services) throws IOException {
        Path config = dist.writeConfig("alerts.json", "{\"system\": {\"name\": \"desk\"}, \"alerts\": [" + alerts
                + "], \"services\": {" + services + "}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
    }

    private static void assertOneIncident(List<JsonObject> alerts, String where) {
        assertEquals(2, alerts.size(), where + ": " + alerts);
        JsonObject firing = alerts.get(0);
        JsonObject resolved = alerts.get(1);
        assertEquals("firing", firing.get("status").getAsString(), where);
        assertEquals("critical", firing.get("severity").getAsString(), where);
        assertEquals("flaky", firing.get("service").getAsString(), where);
        assertEquals("desk", firing.get("system").getAsString(), where);
        assertEquals("FATAL", firing.getAsJsonObject("labels").get("kind").getAsString(), where);
        assertTrue(firing.get("description").getAsString().contains("gave up after 2 restarts"), where + ": " + firing);
        assertTrue(firing.get("endsAt").isJsonNull(), where);
        assertEquals("resolved", resolved.get("status").getAsString(), where);
        assertEquals(firing.get("incident"), resolved.get("incident"), where);
        assertEquals(firing.get("startsAt"), resolved.get("startsAt"), where);
        assertEquals(firing.get("labels"), resolved.get("labels"), where);
        assertFalse(resolved.get("endsAt").isJsonNull(), where);
    }

    @Test
    void aServiceCrashingUntilFatalIsOneAlertOnEachSinkThenItsResolutionWhenStartedAgain() throws Exception {
        Receiver webhook = receiver(0);
        Path exec = tmp.resolve("exec-alerts.jsonl");
        Path ok = tmp.resolve("flaky-may-run");
        // Crashes at once until the file exists; then the demo HTTP service, with an http check.
        start("{\"type\": \"webhook\", \"url\": \"" + webhook.url() + "\"}, " + execSink(exec),
                "\"flaky\": {\"command\": [\"sh\", \"-c\", \"test -f \\\"$0\\\" || exit 1; exec \\\"$1\\\" -cp \\\"$2\\\""
                        + " dev.vigil.demo.DemoService flaky $PORT\", \"" + ok + "\", \"${vigil.java}\","
                        + " \"${vigil.home}/lib/vigil-runtime.jar\"],"
                        + " \"ports\": {\"http\": " + Dist.freePort() + "}, \"stopTimeout\": \"3s\","
                        + " \"checks\": [{\"type\": \"http\", \"url\": \"http://127.0.0.1:${port.http}/health\","
                        + " \"interval\": \"250ms\", \"timeout\": \"200ms\"}],"
                        + " \"restart\": {\"backoff\": \"100ms..200ms\", \"maxRestarts\": 2, \"window\": \"10m\"}}");

        Dist.await(DEADLINE, "flaky FATAL and its alert on both sinks", () -> StatusJson.of(dist).state("flaky")
                .equals("FATAL") && !webhook.bodies.isEmpty() && !lines(exec).isEmpty());

        Files.createFile(ok);
        Dist.Result go = dist.vigil("ctl", "vigil:start", "flaky");
        assertEquals(0, go.code(), go.all());
        Dist.await(DEADLINE, "the resolution on both sinks", () -> webhook.alerts().stream()
                .anyMatch(a -> a.get("status").getAsString().equals("resolved"))
                && lines(exec).stream().anyMatch(a -> a.get("status").getAsString().equals("resolved")));

        // Two failed restarts, a give-up and FATAL were one incident: one alert, then its end.
        assertOneIncident(webhook.alerts(), "webhook");
        assertOneIncident(lines(exec), "exec");
        assertEquals(webhook.alerts().get(0).get("incident"), lines(exec).get(0).get("incident"));
        String log = log();
        assertEquals(1, log.lines().filter(l -> l.contains("ALERT FIRING critical flaky")).count(), log);
        assertEquals(1, log.lines().filter(l -> l.contains("ALERT RESOLVED critical flaky")).count(), log);
        assertTrue(StatusJson.of(dist).health("flaky").equals("UP"), StatusJson.of(dist).toString());
    }

    @Test
    void aWebhookAtAClosedPortHoldsBackNoOtherSinkAndIsRetriedUntilItAnswers() throws Exception {
        int closed = Dist.freePort();
        Path exec = tmp.resolve("exec-alerts.jsonl");
        start("{\"type\": \"webhook\", \"url\": \"http://127.0.0.1:" + closed + "/alerts\"}, " + execSink(exec),
                "\"dies\": {\"command\": [\"sh\", \"-c\", \"exit 3\"], \"recovery\": []}");

        Dist.await(DEADLINE, "the exec sink's alert while the webhook fails", () -> !lines(exec).isEmpty()
                && log().contains("Alert sink webhook#1: could not send firing"));
        JsonObject got = lines(exec).get(0);
        assertEquals("dies", got.get("service").getAsString());
        assertEquals("firing", got.get("status").getAsString());
        assertTrue(log().contains("POST http://127.0.0.1:" + closed + "/alerts: connection refused"), log());

        Receiver late = receiver(closed);
        Dist.await(DEADLINE, "the webhook's retry to reach the receiver", () -> !late.bodies.isEmpty());

        JsonObject retried = late.alerts().get(0);
        assertEquals(got.get("incident"), retried.get("incident"));
        assertEquals("firing", retried.get("status").getAsString());
        Pattern delivered = Pattern.compile("Alert sink webhook#1: firing \\S+ delivered at attempt (\\d+)");
        Dist.await(Duration.ofSeconds(30), "the delivery logged", () -> delivered.matcher(log()).find());
        Matcher m = delivered.matcher(log());
        assertTrue(m.find(), log());
        assertTrue(Integer.parseInt(m.group(1)) > 1, m.group());
        assertEquals(1, late.bodies.size(), late.bodies.toString());
        assertEquals(1, lines(exec).size(), lines(exec).toString());
    }
}
