package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook sink's {@code format: alertmanager} against a real Alertmanager (Debian's
 * prometheus-alertmanager, started here on a free loopback port with a config and storage
 * of its own and clustering off): it gets the FATAL alert, as its API then lists it, and
 * its resolution. Skipped only when the binary is not installed.
 */
class AlertmanagerIT extends DaemonIT {
    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ChildProcess alertmanager;
    private int port;

    @BeforeEach
    void startAlertmanager() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), BINARY + " is not installed (Debian: prometheus-alertmanager)");
        Path home = Files.createDirectories(tmp.resolve("alertmanager"));
        Path config = Files.writeString(home.resolve("alertmanager.yml"), """
                route:
                  receiver: nobody
                  group_wait: 1s
                receivers:
                  - name: nobody
                """);
        port = Dist.freePort();
        alertmanager = ChildProcess.start(home.resolve("alertmanager.log"), List.of(BINARY.toString(),
                "--config.file=" + config, "--storage.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address="));
        alertmanager.awaitReady(DEADLINE, "Alertmanager ready on 127.0.0.1:" + port,
                () -> get("/-/ready").map(r -> r.statusCode() == 200).orElse(false));
    }

    @AfterEach
    void stopAlertmanager() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    private Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Alertmanager is up and its alert list answers: an empty list then means no alert, not no Alertmanager. */
    private boolean answers() {
        return alertmanager.alive() && get("/api/v2/alerts").map(r -> r.statusCode() == 200).orElse(false);
    }

    /** The alert Alertmanager's API lists for the service, if any. */
    private Optional<JsonObject> listed(String service) {
        Optional<HttpResponse<String>> r = get("/api/v2/alerts");
        if (r.isEmpty() || r.get().statusCode() != 200) {
            return Optional.empty();
        }
        JsonArray alerts = JsonParser.parseString(r.get().body()).getAsJsonArray();
        for (JsonElement e : alerts) {
            JsonObject a = e.getAsJsonObject();
            if (service.equals(a.getAsJsonObject("labels").get("service").getAsString())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Test
    void alertmanagerReceivesTheFatalAlertAndThenItsResolution() throws Exception {
        Path ok = tmp.resolve("feed-may-run");
        Path config = dist.writeConfig("am.json", "{\"system\": {\"name\": \"desk\"}, \"alerts\": [{\"type\": \"webhook\","
                + " \"url\": \"http://127.0.0.1:" + port + "/api/v2/alerts\", \"format\": \"alertmanager\"}],"
                + " \"services\": {\"feed\": {\"command\": [\"sh\", \"-c\", \"test -f \\\"$0\\\" || exit 1; exec sleep 600\","
                + " \"" + ok + "\"], \"recovery\": []}}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());

        Dist.await(DEADLINE, "Alertmanager listing feed's alert", () -> listed("feed").isPresent());

        JsonObject alert = listed("feed").orElseThrow();
        JsonObject labels = alert.getAsJsonObject("labels");
        assertEquals("VigilServiceFatal", labels.get("alertname").getAsString(), alert.toString());
        assertEquals("desk", labels.get("system").getAsString());
        assertEquals("critical", labels.get("severity").getAsString());
        assertEquals("FATAL", labels.get("kind").getAsString());
        assertEquals("feed is FATAL: Vigil gave up on it and waits for an operator",
                alert.getAsJsonObject("annotations").get("summary").getAsString());
        assertTrue(alert.getAsJsonObject("annotations").get("description").getAsString().contains("exited (code 1)"),
                alert.toString());
        assertEquals("active", alert.getAsJsonObject("status").get("state").getAsString(), alert.toString());
        Instant endsAt = Instant.parse(alert.get("endsAt").getAsString());
        assertTrue(endsAt.isAfter(Instant.now()), "still firing: " + alert);

        Files.createFile(ok);
        Dist.Result go = dist.vigil("ctl", "vigil:start", "feed");
        assertEquals(0, go.code(), go.all());
        // Resolved: gone from the active alerts, or listed with an end that has passed.
        Dist.await(DEADLINE, "Alertmanager seeing feed's alert resolved", () -> answers() && listed("feed")
                .map(a -> !Instant.parse(a.get("endsAt").getAsString()).isAfter(Instant.now())).orElse(true));
        assertEquals("RUNNING", StatusJson.of(dist).state("feed"));
    }
}
