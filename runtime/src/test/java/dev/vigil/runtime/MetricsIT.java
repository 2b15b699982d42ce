package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} and {@code GET /sd} of a real daemon, read as Prometheus reads them:
 * the text format passes promtool, says what {@code vigil status} says, and follows a
 * service an operator stops; the discovery document lists every service port.
 */
class MetricsIT extends DaemonIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** An exec check whose plugin output carries performance data, as Nagios plugins print it. */
    private static final String DISK_CHECK = "{\"type\": \"exec\", \"name\": \"disk\", \"interval\": \"500ms\","
            + " \"command\": [\"sh\", \"-c\", \"echo 'DISK OK - 42% used | used=42%;80;90 inodes=1234'\"]}";

    private int http;

    /** api (an http check and the exec check) and feed, HTTP on a port of the test's. */
    private void start() throws Exception {
        http = FreePorts.consecutive(1);
        String api = RecoveryCliIT.web("api", Integer.toString(Dist.freePort()), "")
                .replace("\"retryInterval\": \"100ms\"}]", "\"retryInterval\": \"100ms\"}, " + DISK_CHECK + "]");
        java.nio.file.Path config = dist.writeConfig("metrics.json", "{\"system\": {\"name\": \"shop\", \"http\": {\"port\": "
                + RecoveryCliIT.range(http, 1) + "}}, \"services\": {" + api + ", "
                + RecoveryCliIT.web("feed", Integer.toString(Dist.freePort()), "") + "}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
        Dist.await(DEADLINE, "api and feed UP", () -> {
            StatusJson s = StatusJson.of(dist);
            return s.running("api", "feed") && s.health("api").equals("UP") && s.health("feed").equals("UP");
        });
    }

    /** Scrapes until {@code condition} holds, and returns that scrape. */
    private Scrape awaitScrape(String what, java.util.function.Predicate<Scrape> condition) throws InterruptedException {
        Scrape[] last = {null};
        try {
            Dist.await(DEADLINE, what, () -> condition.test(last[0] = Scrape.get(http, "/metrics")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last scrape:\n" + last[0], e);
        }
        return last[0];
    }

    private static double value(Scrape s, String name, String... labels) {
        return s.value(name, labels).orElseThrow(() -> new AssertionError("no " + name + " " + String.join(",", labels)
                + " in:\n" + s.body));
    }

    @Test
    void metricsPassPromtoolSayWhatTheStatusSaysAndFollowAServiceStopped() throws Exception {
        start();
        Scrape s = awaitScrape("both services up, the exec check's perfdata in, api's http check timed",
                m -> m.value("vigil_service_up", "service", "api").orElse(0) == 1
                        && m.value("vigil_service_up", "service", "feed").orElse(0) == 1
                        && m.value("vigil_check_perfdata", "service", "api", "check", "disk", "metric", "used_percent")
                        .isPresent()
                        && m.value("vigil_check_duration_seconds_count", "service", "api", "check", "http").orElse(0) >= 1);
        assertEquals(200, s.status, s.toString());
        assertTrue(s.contentType.startsWith("text/plain; version=0.0.4"), s.contentType);

        StatusJson status = StatusJson.of(dist);
        assertEquals(1, value(s, "vigil_service_state", "service", "api", "state", "RUNNING"));
        assertEquals(0, value(s, "vigil_service_state", "service", "api", "state", "STOPPED"));
        assertEquals(1, value(s, "vigil_service_health", "service", "feed", "health", "UP"));
        assertEquals(0, value(s, "vigil_restarts_total", "service", "api"));
        assertEquals(status.port("api", "http"), value(s, "vigil_port_assigned", "service", "api", "name", "http"));
        assertEquals(status.port("feed", "http"), value(s, "vigil_port_assigned", "service", "feed", "name", "http"));
        assertEquals(http, value(s, "vigil_port_assigned", "service", "vigil", "name", "http"), "the daemon's own lease");
        assertEquals(42, value(s, "vigil_check_perfdata", "service", "api", "check", "disk", "metric", "used_percent"));
        assertEquals(1234, value(s, "vigil_check_perfdata", "service", "api", "check", "disk", "metric", "inodes"));
        // Runs before the service listened failed; each run is counted once, failed or not.
        assertTrue(value(s, "vigil_check_failures_total", "service", "api", "check", "http")
                <= value(s, "vigil_check_duration_seconds_count", "service", "api", "check", "http"), s.body);
        assertEquals(0, value(s, "vigil_check_failures_total", "service", "api", "check", "disk"), "the plugin says OK");
        assertTrue(value(s, "vigil_check_duration_seconds_sum", "service", "api", "check", "disk") > 0, s.body);
        assertTrue(value(s, "vigil_monitor_checks_run_total") > 0, s.body);
        assertEquals(0, value(s, "vigil_monitor_observer_dropped_total"));
        double rss = value(s, "vigil_process_resident_memory_bytes");
        long daemon = dist.daemonPid();
        assertTrue(rss > 16 << 20, "the daemon's resident memory: " + rss);
        assertTrue(value(s, "vigil_process_threads") > 10, s.body);
        assertTrue(value(s, "vigil_process_open_fds") > 3, s.body);
        assertEquals(ProcessHandle.of(daemon).orElseThrow().info().startInstant().orElseThrow().toEpochMilli() / 1000.0,
                value(s, "vigil_process_start_time_seconds"), 1.0, "the daemon's process, not another's");
        assertEquals(Runtime.getRuntime().availableProcessors(), value(s, "vigil_host_cpus"));
        assertTrue(value(s, "vigil_host_memory_total_bytes") >= value(s, "vigil_host_memory_available_bytes"), s.body);
        assertTrue(value(s, "vigil_host_cpu_seconds_total", "mode", "idle") > 0, s.body);
        assumePromtoolSaysNothing(s);

        Dist.Result stop = dist.vigil("ctl", "vigil:stop", "feed");
        assertEquals(0, stop.code(), stop.all());
        Scrape after = awaitScrape("feed down and STOPPED",
                m -> m.value("vigil_service_up", "service", "feed").orElse(1) == 0
                        && m.value("vigil_service_state", "service", "feed", "state", "STOPPED").orElse(0) == 1);
        assertEquals(1, value(after, "vigil_service_up", "service", "api"));
        assertEquals(0, value(after, "vigil_service_state", "service", "feed", "state", "RUNNING"));
        assumePromtoolSaysNothing(after);
    }

    @Test
    void sdListsEveryServicePortAndOnlyGetIsServedWithOpenMetricsWhenAskedFor() throws Exception {
        start();
        StatusJson status = StatusJson.of(dist);
        Scrape sd = Scrape.get(http, "/sd");
        assertEquals(200, sd.status, sd.toString());
        assertTrue(sd.contentType.startsWith("application/json"), sd.contentType);
        Map<String, JsonObject> byService = new HashMap<>();
        for (JsonElement g : JsonParser.parseString(sd.body).getAsJsonArray()) {
            JsonObject labels = g.getAsJsonObject().getAsJsonObject("labels");
            assertEquals("shop", labels.get("system").getAsString(), sd.body);
            assertEquals("http", labels.get("port").getAsString(), sd.body);
            byService.put(labels.get("service").getAsString(), g.getAsJsonObject());
        }
        assertEquals(java.util.Set.of("api", "feed"), byService.keySet(), "one group per service port: " + sd.body);
        for (String service : byService.keySet()) {
            JsonArray targets = byService.get(service).getAsJsonArray("targets");
            assertEquals(1, targets.size(), sd.body);
            assertEquals("127.0.0.1:" + status.port(service, "http"), targets.get(0).getAsString());
            assertTrue(Dist.answers(status.port(service, "http")), service + " listens where /sd says");
        }

        Scrape post = Scrape.of("POST", http, "/metrics");
        assertEquals(405, post.status, post.toString());
        assertTrue(post.contentType.startsWith("application/json"), post.toString());
        assertTrue(JsonParser.parseString(post.body).getAsJsonObject().get("error").getAsString().contains("GET"), post.body);
        assertEquals(405, Scrape.of("DELETE", http, "/sd").status);

        Scrape open = Scrape.of("GET", http, "/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertEquals(200, open.status, open.toString());
        assertTrue(open.contentType.startsWith("application/openmetrics-text"), open.contentType);
        assertTrue(open.body.endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
        assertTrue(open.body.contains("# TYPE vigil_restarts counter"), open.body);
    }

    private static void assumePromtoolSaysNothing(Scrape s) throws Exception {
        assumeTrue(Scrape.promtoolInstalled(), "promtool (Debian's prometheus) is not installed");
        assertEquals("", s.promtool(), "promtool check metrics on:\n" + s.body);
    }
}
