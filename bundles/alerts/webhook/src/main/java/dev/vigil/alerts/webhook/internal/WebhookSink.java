package dev.vigil.alerts.webhook.internal;

import dev.vigil.api.alert.Alert;
import dev.vigil.api.alert.AlertSink;
import dev.vigil.api.alert.AlertSpec;
import dev.vigil.api.check.Parameters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.osgi.service.component.annotations.Component;

/**
 * POSTs each alert as JSON to the sink's {@code url} with the JDK's HttpClient, within its
 * {@code timeout} (5s by default). {@code format: alertmanager} sends an Alertmanager v2
 * payload and repeats a firing alert every minute while it lasts, as Prometheus does, so
 * that Alertmanager does not resolve it by itself. Any answer but a 2xx is a failure, which
 * the dispatcher retries; redirects are not followed.
 */
@Component(service = AlertSink.class, property = AlertSink.TYPE_PROPERTY + "=webhook")
public final class WebhookSink implements AlertSink {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration ALERTMANAGER_REPEAT = Duration.ofMinutes(1);

    // Built at the first alert: a client loads TLS and starts a selector thread, which a
    // daemon with no webhook sink never needs (bench/footprint.sh).
    private HttpClient client;

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public void send(Alert alert, AlertSpec sink) throws IOException, InterruptedException {
        Parameters p = new Parameters(sink.parameters());
        URI url = URI.create(p.required("url"));
        Duration timeout = p.duration("timeout").orElse(DEFAULT_TIMEOUT);
        boolean am = alertmanager(p);
        String body = am ? Payloads.alertmanager(alert) : Payloads.json(alert);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "vigil")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer from " + url + " within " + timeout.toMillis() + " ms", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("POST " + url + ": connection refused (is anything listening there?)", e);
        } catch (IOException e) {
            throw new IOException("POST " + url + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        int code = response.statusCode();
        if (code < 200 || code > 299) {
            String text = response.body().strip();
            throw new IOException("POST " + url + " answered HTTP " + code
                    + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 197) + "..." : text)));
        }
    }

    @Override
    public Duration repeatEvery(AlertSpec sink) {
        return alertmanager(new Parameters(sink.parameters())) ? ALERTMANAGER_REPEAT : null;
    }

    private static boolean alertmanager(Parameters p) {
        return p.string("format").map("alertmanager"::equals).orElse(false);
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(DEFAULT_TIMEOUT)
                    .build();
        }
        return client;
    }
}
