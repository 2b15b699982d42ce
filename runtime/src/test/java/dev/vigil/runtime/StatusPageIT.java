package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The status page ({@code GET /}) in a real browser, headless Chromium: once its script ran,
 * every service is listed with its state; left open, it follows a service an operator stops
 * without being reloaded; it loads nothing from anywhere but the daemon. Its screenshot is
 * kept as runtime/target/status-page.png. Skipped only when Chromium is not installed.
 */
class StatusPageIT extends DaemonIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final List<String> SERVICES = List.of("api", "feed", "worker");
    private static final Path SCREENSHOT = Path.of("target/status-page.png");
    /** An attribute or a CSS url() that names another origin (absolute or scheme-relative). */
    private static final Pattern EXTERNAL = Pattern.compile(
            "(?i)(\\b(src|href|action)\\s*=\\s*[\"']?|url\\(\\s*[\"']?)\\s*(https?:)?//");
    /** Each service row's name, its state attribute, and the state shown. */
    private static final String ROWS = "[...document.querySelectorAll('#services tr[data-service]')]"
            + ".map(r => [r.dataset.service, r.dataset.state, r.dataset.colour, r.querySelector('td.state').textContent])";

    private HeadlessChromium chromium;

    @AfterEach
    void stopChromium() throws InterruptedException {
        if (chromium != null) {
            chromium.close();
        }
    }

    private int startDaemon() throws Exception {
        int http = FreePorts.consecutive(1);
        Path config = dist.writeConfig("page.json", "{\"system\": {\"http\": {\"port\": " + RecoveryCliIT.range(http, 1)
                + "}}, \"services\": {" + RecoveryCliIT.web("api", Integer.toString(Dist.freePort()), "") + ", "
                + RecoveryCliIT.web("feed", Integer.toString(Dist.freePort()), "")
                + ", \"worker\": {\"command\": [\"sleep\", \"600\"]}}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
        Dist.await(DEADLINE, "api and feed UP, worker RUNNING", () -> {
            StatusJson s = StatusJson.of(dist);
            return s.running("api", "feed", "worker") && s.health("api").equals("UP") && s.health("feed").equals("UP");
        });
        return http;
    }

    /** The rows the page shows by service: state attribute, colour, state text. */
    private Map<String, List<String>> rows() {
        Map<String, List<String>> out = new TreeMap<>();
        try {
            for (JsonElement e : chromium.evaluate(ROWS).getAsJsonArray()) {
                List<String> cells = new ArrayList<>();
                e.getAsJsonArray().forEach(c -> cells.add(c.getAsString()));
                out.put(cells.remove(0), cells);
            }
        } catch (Exception e) {
            throw new AssertionError("reading the page's rows", e);
        }
        return out;
    }

    @Test
    void thePageListsEveryServiceFollowsOneStoppedAndLoadsNothingFromElsewhere() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.installed(),
                HeadlessChromium.BINARY + " is not installed (Debian: chromium)");
        int http = startDaemon();
        String origin = "http://127.0.0.1:" + http;
        Scrape html = Scrape.get(http, "/");
        assertEquals(200, html.status, html.toString());
        assertFalse(EXTERNAL.matcher(html.body).find(), "the page names another origin: " + html.body);

        chromium = HeadlessChromium.open(tmp, origin + "/");
        Map<String, List<String>> shown = Dist.awaitValue(DEADLINE, "every service listed", this::rows,
                r -> r.keySet().containsAll(SERVICES));
        assertEquals(SERVICES.size(), shown.size(), shown.toString());
        assertEquals(List.of("RUNNING", "up", "RUNNING · UP"), shown.get("api"), shown.toString());
        assertEquals(List.of("RUNNING", "up", "RUNNING · UP"), shown.get("feed"), shown.toString());
        assertEquals("RUNNING", shown.get("worker").get(0), shown.toString());
        assertTrue(shown.get("worker").get(2).startsWith("RUNNING"), shown.toString());
        // A mark in this document: still there later, the page was not reloaded.
        chromium.evaluate("window.sameDocument = 'yes'");

        Dist.Result stop = dist.vigil("ctl", "vigil:stop", "feed");
        assertEquals(0, stop.code(), stop.all());
        Map<String, List<String>> after = Dist.awaitValue(DEADLINE, "feed shown STOPPED by the page's own refresh",
                this::rows,
                r -> r.containsKey("feed") && r.get("feed").get(0).equals("STOPPED"));
        assertEquals("stopped", after.get("feed").get(1), after.toString());
        assertTrue(after.get("feed").get(2).startsWith("STOPPED"), after.toString());
        assertEquals("RUNNING", after.get("api").get(0), after.toString());
        assertEquals("RUNNING", after.get("worker").get(0), after.toString());
        assertEquals("yes", chromium.evaluate("window.sameDocument").getAsString(), "followed without a reload");
        assertFalse(chromium.evaluate("document.body.classList.contains('unreachable')").getAsBoolean());

        // What the browser fetched for the page (the refreshes included), and every link or source in it.
        for (JsonElement e : chromium.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                + ".concat([...document.querySelectorAll('[src],[href]')]"
                + ".map(e => new URL(e.getAttribute('src') || e.getAttribute('href'), location).href))")
                .getAsJsonArray()) {
            assertTrue(e.getAsString().startsWith(origin + "/"), "fetched from elsewhere: " + e);
        }
        assertTrue(chromium.evaluate("performance.getEntriesByType('resource').some(e => e.name === '" + origin
                + "/status')").getAsBoolean(), "the page refreshed itself from /status");

        Files.createDirectories(SCREENSHOT.getParent());
        chromium.screenshot(SCREENSHOT);
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertTrue(png.length > 8 * 1024, "a screenshot of a rendered page, not an empty one: " + png.length + " bytes");
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
    }
}
