package dev.vigil.check.http.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.Parameters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code http}: a request to a URL, answered within the timeout with an expected status,
 * optionally a body containing a text or a JSON body with fields of given values; slower
 * than {@code latencyWarning} is DEGRADED. Requests are asynchronous on one shared client
 * with two threads, whatever the number of services. The client is built at the first
 * check: building one loads TLS (about 600 classes) and starts its selector thread, which a
 * daemon without an http check never needs (bench/footprint.sh).
 */
@Component(property = CheckType.TYPE_PROPERTY + "=http")
public final class HttpCheck implements CheckType {
    private static final int MAX_BODY = 64 * 1024;
    /** The usual passes' messages, made once: each result is kept for the service's recent runs. */
    private static final String[] PASSED_200 = new String[100];
    private static final int[] DEFAULT_STATUS = {200, 399};

    static {
        for (int ms = 0; ms < PASSED_200.length; ms++) {
            PASSED_200[ms] = "HTTP 200 in " + ms + " ms";
        }
    }

    private ExecutorService executor;
    private HttpClient client;

    @Activate
    void activate() {
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "vigil-check-http");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        }
        return client;
    }

    @Override
    public String type() {
        return "http";
    }

    @Override
    public String describe() {
        return "url, method (GET), expectStatus (200-399), expectBody (text), expectJson ({\"field\": value}),"
                + " latencyWarning (e.g. 250ms)";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        Parameters p = request.parameters();
        URI uri = HttpParameters.url(p.required("url"));
        String method = p.string("method").orElse("GET");
        int[] expected = p.has("expectStatus") ? HttpParameters.statusRange(p.required("expectStatus")) : DEFAULT_STATUS;
        Duration warn = p.duration("latencyWarning").orElse(null);
        String expectBody = p.string("expectBody").orElse(null);
        Map<String, Object> expectJson = p.object("expectJson").orElse(null);
        HttpRequest http = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(request.timeout()).header("User-Agent", "vigil-health-check").build();
        long start = System.nanoTime();
        HttpResponse.BodyHandler<String> limited = info ->
                HttpResponse.BodySubscribers.fromSubscriber(new LimitedBody(MAX_BODY), LimitedBody::text);
        return client().sendAsync(http, limited)
                .orTimeout(request.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(response -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    String body = response.body();
                    int status = response.statusCode();
                    if (status < expected[0] || status > expected[1]) {
                        return result(HealthStatus.DOWN, "HTTP " + status + ", expected " + expected[0] + "-" + expected[1],
                                took);
                    }
                    if (expectBody != null && !body.contains(expectBody)) {
                        return result(HealthStatus.DOWN, "HTTP " + status + " but the body lacks \"" + expectBody + "\"", took);
                    }
                    if (expectJson != null) {
                        String mismatch = jsonMismatch(body, expectJson);
                        if (mismatch != null) {
                            return result(HealthStatus.DOWN, "HTTP " + status + " but " + mismatch, took);
                        }
                    }
                    if (warn != null && took.compareTo(warn) > 0) {
                        return result(HealthStatus.DEGRADED, "HTTP " + status + " in " + took.toMillis()
                                + " ms, slower than " + warn.toMillis() + " ms", took);
                    }
                    return result(HealthStatus.UP, passed(status, took.toMillis()), took);
                })
                .exceptionally(error -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    String why = cause instanceof HttpConnectTimeoutException ? "connect timed out"
                            : cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException
                            ? "no answer within " + request.timeout().toMillis() + " ms"
                            : cause instanceof java.net.ConnectException ? "connection refused"
                            : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                    return result(HealthStatus.DOWN, why + " (" + uri + ")", took);
                });
    }

    static String passed(int status, long ms) {
        return status == 200 && ms >= 0 && ms < PASSED_200.length ? PASSED_200[(int) ms] : "HTTP " + status + " in " + ms + " ms";
    }

    /** Null when every expected field has the expected value, else what differs. */
    static String jsonMismatch(String body, Map<String, Object> expected) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (JsonParseException e) {
            return "the body is not JSON";
        }
        if (!parsed.isJsonObject()) {
            return "the body is not a JSON object";
        }
        JsonObject o = parsed.getAsJsonObject();
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            JsonElement actual = o.get(e.getKey());
            String want = String.valueOf(e.getValue());
            String got = actual == null || actual.isJsonNull() ? null
                    : actual.isJsonPrimitive() ? actual.getAsString() : actual.toString();
            if (got == null || !got.equals(want) && !numericallyEqual(got, want)) {
                return e.getKey() + " is " + (got == null ? "missing" : "\"" + got + "\"") + ", expected \"" + want + "\"";
            }
        }
        return null;
    }

    private static boolean numericallyEqual(String a, String b) {
        try {
            return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static CheckResult result(HealthStatus status, String message, Duration took) {
        return new CheckResult(status, message, took, Instant.now());
    }
}
