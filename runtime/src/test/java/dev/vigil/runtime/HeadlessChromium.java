package dev.vigil.runtime;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, showing one page as a person's browser would, read and
 * photographed through its DevTools protocol while the page lives (so a test sees what the
 * page's own script does after it loaded). It reaches loopback only: every other host
 * resolves to nothing and goes to a proxy that is not there.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final ChildProcess browser;
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket page;

    private HeadlessChromium(ChildProcess browser) {
        this.browser = browser;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Opens {@code url} in a 1280x900 window with a profile of its own under {@code dir}. */
    static HeadlessChromium open(Path dir, String url) throws Exception {
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        ChildProcess p = ChildProcess.start(dir.resolve("chromium.log"), List.of(BINARY.toString(),
                "--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--window-size=1280,900", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--proxy-server=http://127.0.0.1:" + Dist.freePort(), url));
        HeadlessChromium chromium = new HeadlessChromium(p);
        try {
            chromium.connect(profile.resolve("DevToolsActivePort"), url);
            return chromium;
        } catch (Exception | AssertionError e) {
            chromium.close();
            throw e;
        }
    }

    private void connect(Path activePort, String url) throws Exception {
        int[] port = {0};
        browser.awaitReady(DEADLINE, "Chromium's DevTools port in " + activePort, () -> {
            try {
                List<String> lines = Files.readAllLines(activePort);
                return !lines.isEmpty() && (port[0] = Integer.parseInt(lines.get(0).trim())) > 0;
            } catch (IOException | NumberFormatException e) {
                return false;
            }
        });
        String[] socket = {null};
        browser.awaitReady(DEADLINE, "Chromium's tab for " + url, () -> {
            Scrape list = Scrape.get(port[0], "/json/list");
            if (list.status != 200) {
                return false;
            }
            for (JsonElement e : JsonParser.parseString(list.body).getAsJsonArray()) {
                JsonObject t = e.getAsJsonObject();
                if (t.get("type").getAsString().equals("page") && t.get("url").getAsString().startsWith(url)) {
                    socket[0] = t.get("webSocketDebuggerUrl").getAsString();
                }
            }
            return socket[0] != null;
        });
        page = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(socket[0]), new Replies())
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        // Asked while the tab still navigates, an evaluation fails: ask until the page has loaded.
        browser.awaitReady(DEADLINE, url + " loaded", () -> {
            try {
                return evaluate("document.readyState").getAsString().equals("complete");
            } catch (Exception | AssertionError e) {
                return false;
            }
        });
    }

    /** The value of a JavaScript expression evaluated in the page, as JSON (the expression's value, stringified). */
    JsonElement evaluate(String expression) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("expression", "JSON.stringify(" + expression + ")");
        params.addProperty("returnByValue", true);
        JsonObject result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("the page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return JsonParser.parseString(result.getAsJsonObject("result").get("value").getAsString());
    }

    /** Saves what the window shows as a PNG. */
    void screenshot(Path png) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("format", "png");
        Files.write(png, Base64.getDecoder().decode(call("Page.captureScreenshot", params).get("data").getAsString()));
    }

    private JsonObject call(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        page.sendText(message.toString(), true).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        JsonObject answer;
        try {
            answer = reply.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Chromium did not answer " + method + " within " + DEADLINE + ":\n" + browser.log(), e);
        }
        if (answer.has("error")) {
            throw new AssertionError("Chromium refused " + method + ": " + answer.get("error"));
        }
        return answer.getAsJsonObject("result");
    }

    /** Hands each reply, which may come in several frames, to the call that waits for its id; events are dropped. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonObject m = JsonParser.parseString(text.toString()).getAsJsonObject();
                text.setLength(0);
                if (m.has("id")) {
                    CompletableFuture<JsonObject> reply = pending.remove(m.get("id").getAsInt());
                    if (reply != null) {
                        reply.complete(m);
                    }
                }
            }
            socket.request(1);
            return null;
        }
    }

    /** Closes the connection and stops the browser with every process it started. */
    @Override
    public void close() throws InterruptedException {
        if (page != null) {
            page.abort();
        }
        browser.close();
    }
}
