package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's, on a free loopback port with storage of its own) scraping a
 * real daemon: one job reads the daemon's {@code /metrics}, another finds the services
 * through {@code /sd} and scrapes them. What an operator then sees through Prometheus's API
 * follows a service stopped. Skipped only when the binary is not installed.
 */
class PrometheusIT extends DaemonIT {
    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final List<String> SERVICES = List.of("api", "feed", "search");

    private ChildProcess prometheus;
    private int port;

    @AfterEach
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /** The daemon with {@link #SERVICES}, all UP; returns the port of its own HTTP. */
    private int startDaemon() throws Exception {
        int http = FreePorts.consecutive(1);
        StringBuilder services = new StringBuilder();
        for (String s : SERVICES) {
            services.append(services.isEmpty() ? "" : ", ")
                    .append(RecoveryCliIT.web(s, Integer.toString(Dist.freePort()), ""));
        }
        Path config = dist.writeConfig("prom.json", "{\"system\": {\"name\": \"shop\", \"http\": {\"port\": "
                + RecoveryCliIT.range(http, 1) + "}}, \"services\": {" + services + "}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
        Dist.await(DEADLINE, "every service UP", () -> {
            StatusJson s = StatusJson.of(dist);
            return SERVICES.stream().allMatch(n -> s.running(n) && s.health(n).equals("UP"));
        });
        return http;
    }

    private void startPrometheus(int daemon) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), BINARY + " is not installed (Debian: prometheus)");
        Path home = Files.createDirectories(tmp.resolve("prometheus"));
        // The services job takes its targets, and their labels, from the daemon's /sd alone.
        Path config = Files.writeString(home.resolve("prom.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: vigil
                    static_configs:
                      - targets: ["127.0.0.1:%1$d"]
                  - job_name: services
                    metrics_path: /metrics
                    http_sd_configs:
                      - url: http://127.0.0.1:%1$d/sd
                        refresh_interval: 1s
                """.formatted(daemon));
        port = Dist.freePort();
        prometheus = ChildProcess.start(home.resolve("prometheus.log"), List.of(BINARY.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port));
        prometheus.awaitReady(DEADLINE, "Prometheus ready on 127.0.0.1:" + port,
                () -> Scrape.get(port, "/-/ready").status == 200);
    }

    /** The data of one Prometheus API answer; fails with the answer when it is not a success. */
    private JsonObject api(String pathAndQuery) {
        Scrape r = Scrape.get(port, pathAndQuery);
        if (r.status != 200) {
            throw new AssertionError("Prometheus " + pathAndQuery + ": " + r);
        }
        return JsonParser.parseString(r.body).getAsJsonObject().getAsJsonObject("data");
    }

    /** An instant query's value by each series' {@code service} label. */
    private Map<String, Double> byService(String promql) {
        Map<String, Double> out = new TreeMap<>();
        JsonObject data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        for (JsonElement e : data.getAsJsonArray("result")) {
            JsonObject series = e.getAsJsonObject();
            out.put(series.getAsJsonObject("metric").get("service").getAsString(),
                    Double.parseDouble(series.getAsJsonArray("value").get(1).getAsString()));
        }
        return out;
    }

    /** The active targets of the services job, by their {@code service} label. */
    private Map<String, JsonObject> discovered() {
        Map<String, JsonObject> out = new TreeMap<>();
        for (JsonElement e : api("/api/v1/targets?state=active").getAsJsonArray("activeTargets")) {
            JsonObject t = e.getAsJsonObject();
            if (t.get("scrapePool").getAsString().equals("services")) {
                out.put(t.getAsJsonObject("labels").get("service").getAsString(), t);
            }
        }
        return out;
    }

    private static Map<String, Double> each(double value) {
        Map<String, Double> out = new TreeMap<>();
        SERVICES.forEach(s -> out.put(s, value));
        return out;
    }

    @Test
    void prometheusScrapesTheDaemonAndTheServicesItDiscoversAndSeesAServiceStopped() throws Exception {
        startPrometheus(startDaemon());
        StatusJson status = StatusJson.of(dist);

        Dist.awaitValue(DEADLINE, "vigil_service_up 1 for every service",
                () -> byService("vigil_service_up{job=\"vigil\"}"),
                each(1)::equals);
        Map<String, JsonObject> targets = Dist.awaitValue(DEADLINE, "one services target per service port, each scraped up",
                this::discovered, t -> t.keySet().equals(new java.util.TreeSet<>(SERVICES))
                        && t.values().stream().allMatch(x -> x.get("health").getAsString().equals("up")));
        for (String s : SERVICES) {
            JsonObject labels = targets.get(s).getAsJsonObject("labels");
            assertEquals("http", labels.get("port").getAsString(), labels.toString());
            assertEquals("shop", labels.get("system").getAsString(), labels.toString());
            assertEquals("127.0.0.1:" + status.port(s, "http"), labels.get("instance").getAsString());
            assertEquals("http://127.0.0.1:" + status.port(s, "http") + "/metrics",
                    targets.get(s).get("scrapeUrl").getAsString());
        }
        assertEquals(each(1), byService("up{job=\"services\"}"), "each service's own scrape, as Prometheus stored it");

        Dist.Result stop = dist.vigil("ctl", "vigil:stop", "feed");
        assertEquals(0, stop.code(), stop.all());
        Map<String, Double> after = each(1);
        after.put("feed", 0.0);
        Dist.awaitValue(DEADLINE, "vigil_service_up 0 for feed only",
                () -> byService("vigil_service_up{job=\"vigil\"}"), after::equals);
        // Still discovered (the port stays feed's), and now unreachable there.
        Dist.awaitValue(DEADLINE, "feed's target down, the others up",
                () -> byService("up{job=\"services\"}"), after::equals);
        assertEquals("STOPPED", StatusJson.of(dist).state("feed"));
    }
}
