package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The history of a crash-looping service read back after the daemon was killed with -9 while
 * writing it, with a torn line at the end of the journal: {@code vigil history} (text and JSON),
 * {@code GET /history/NAME} and {@code vigil status NAME} list every event written before the kill
 * and those after the restart, and say the same.
 */
class HistoryIT extends DaemonIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NAME = "flap";
    /** Times as the text listing shows them. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final Pattern FIGURES = Pattern.compile("(\\d+\\.\\d\\d)% up, (\\d+) incidents?, down ");

    /** One listed event, as the CLI's JSON, the HTTP JSON and the file all carry it. */
    record Event(String at, String kind, String from, String to, String message) {
        static Event of(JsonObject o, String timeField) {
            return new Event(o.get(timeField).getAsString(), o.get("kind").getAsString(), text(o, "from"),
                    text(o, "to"), o.get("message").getAsString());
        }

        private static String text(JsonObject o, String name) {
            return o.has(name) && !o.get(name).isJsonNull() ? o.get(name).getAsString() : null;
        }

        Instant when() {
            return Instant.parse(at);
        }
    }

    private int http;
    private Path config;

    /**
     * flap is up for 1.5 s (RUNNING after 1 s), exits 3 and is restarted after 100-200 ms, so
     * the journal is written several times a second; files of 4 KiB make it rotate meanwhile.
     */
    private void start() throws IOException {
        http = FreePorts.consecutive(1);
        config = dist.writeConfig("history.json", "{\"system\": {\"http\": {\"port\": " + RecoveryCliIT.range(http, 1)
                + "}, \"history\": {\"maxSize\": \"4KiB\", \"files\": 50}}, \"services\": {\"" + NAME + "\": {"
                + "\"command\": [\"sh\", \"-c\", \"sleep 1.5; exit 3\"], \"recovery\": [\"restart\"],"
                + " \"restart\": {\"backoff\": \"100ms..200ms\", \"maxRestarts\": 1000, \"window\": \"10m\"},"
                + " \"stopTimeout\": \"2s\"}}}");
        Dist.Result r = dist.vigil("start", "-c", config.toString());
        assertEquals(0, r.code(), r.all());
    }

    private List<Event> historyJson() {
        Dist.Result r = dist.vigil("history", "--json", NAME);
        assertEquals(0, r.code(), r.all());
        assertEquals("", r.err());
        List<Event> out = new ArrayList<>();
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        assertFalse(root.get("truncated").getAsBoolean(), r.out());
        for (JsonElement e : root.getAsJsonArray("events")) {
            assertEquals(NAME, e.getAsJsonObject().get("service").getAsString());
            out.add(Event.of(e.getAsJsonObject(), "at"));
        }
        return out;
    }

    private static long count(List<Event> events, String kind, String to) {
        return events.stream().filter(e -> e.kind.equals(kind) && (to == null || to.equals(e.to))).count();
    }

    /** The journal's files, oldest first. */
    private List<Path> journalFiles() {
        List<Path> out = new ArrayList<>();
        Path data = dist.home.resolve("data");
        for (int g = 101; g >= 1; g--) {
            if (Files.exists(data.resolve("journal.jsonl." + g))) {
                out.add(data.resolve("journal.jsonl." + g));
            }
        }
        out.add(data.resolve("journal.jsonl"));
        return out;
    }

    /** flap's whole lines in the journal that the history lists: its events and its recovery attempts (but skipped ones). */
    private long flapLinesWritten() {
        long n = 0;
        for (Path f : journalFiles()) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue; // rotated away meanwhile: counted on the next look
            }
            int end = text.lastIndexOf('\n');
            for (String line : text.substring(0, end + 1).split("\n")) {
                if (line.contains("\"service\":\"" + NAME + "\"") && !line.contains("\"outcome\":\"SKIPPED\"")) {
                    n++;
                }
            }
        }
        return n;
    }

    private void killDaemon() throws InterruptedException {
        ProcessHandle daemon = ProcessHandle.of(dist.daemonPid()).orElseThrow();
        daemon.destroyForcibly();
        Dist.await(DEADLINE, "the daemon gone", () -> !daemon.isAlive());
    }

    @Test
    void historyWrittenBeforeAKillMinus9IsReadBackWithWhatCameAfter() throws Exception {
        start();
        Dist.await(DEADLINE, NAME + " restarted three times, with recoveries in the history, and the journal rotated",
                () -> {
                    List<Event> h = historyJson();
                    return count(h, "RESTART", null) >= 3 && count(h, "RECOVERY", null) >= 2 && journalFiles().size() > 1;
                });

        List<Event> beforeKill = historyJson();
        Dist.await(DEADLINE, "what was listed on disk", () -> flapLinesWritten() >= beforeKill.size());
        killDaemon(); // while flap goes on exiting and being restarted: the journal is being written
        Instant killed = Instant.now();
        long written = flapLinesWritten();
        String torn = "{\"type\":\"event\",\"at\":\"" + killed + "\",\"service\":\"" + NAME + "\",\"kind\":\"ST";
        Files.writeString(journalFiles().get(journalFiles().size() - 1), torn, StandardOpenOption.APPEND);

        Dist.Result again = dist.vigil("start", "-c", config.toString());
        assertEquals(0, again.code(), again.all());
        assertFalse(again.all().toLowerCase(Locale.ROOT).contains("error"), again.all());
        Dist.await(DEADLINE, NAME + " restarted twice by the new daemon", () -> historyJson().stream()
                .filter(e -> e.when().isAfter(killed) && e.kind.equals("RESTART")).count() >= 2);
        Dist.Result stop = dist.vigil("ctl", "vigil:stop", NAME); // so that every listing below is of the same history
        assertEquals(0, stop.code(), stop.all());
        Dist.await(DEADLINE, NAME + " STOPPED", () -> StatusJson.of(dist).state(NAME).equals("STOPPED"));
        List<Event> last = new ArrayList<>();
        try {
            Dist.await(DEADLINE, NAME + " STOPPED in the history", () -> {
                last.clear();
                last.addAll(historyJson());
                return count(last, "STATE", "STOPPED") == 1;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + last, e);
        }

        List<Event> after = historyJson();
        List<Event> old = after.stream().filter(e -> e.when().isBefore(killed)).toList();
        assertEquals(written, old.size(), "every line written before the kill is listed, and nothing else: " + after);
        assertInOrder(beforeKill, old);
        assertTrue(after.size() > old.size() + 4, "and what came after the restart: " + after);
        assertTrue(Files.readString(dist.home.resolve("logs/vigil.log")).contains("skipped a torn last line"));

        Dist.Result text = dist.vigil("history", NAME);
        assertEquals(0, text.code(), text.all());
        assertEquals("", text.err());
        List<String> lines = text.out().lines().toList();
        assertTrue(lines.get(0).startsWith("history of " + NAME + ", times UTC, oldest first:"), text.out());
        assertEquals(after.size(), lines.size() - 1, text.out());
        for (int i = 0; i < after.size(); i++) {
            Event e = after.get(i);
            String line = lines.get(i + 1);
            assertTrue(line.startsWith(TIME.format(e.when()) + "  " + e.kind) && line.endsWith(e.message),
                    "line " + (i + 1) + " is " + e + ":\n" + text.out());
        }

        Scrape got = Scrape.get(http, "/history/" + NAME);
        assertEquals(200, got.status, got.toString());
        JsonObject page = JsonParser.parseString(got.body).getAsJsonObject();
        List<Event> served = new ArrayList<>();
        page.getAsJsonArray("events").forEach(e -> served.add(Event.of(e.getAsJsonObject(), "time")));
        assertEquals(after, served, "GET /history/" + NAME + " lists what vigil history lists");

        JsonObject a = assertStatusShowsAvailability(after);
        JsonObject byHttp = page.getAsJsonObject("availability"); // from the first event on: the same, as it stopped
        assertEquals(a.get("incidents").getAsInt(), byHttp.get("incidents").getAsInt(), got.body);
        assertEquals(a.get("uptime").getAsDouble(), byHttp.get("uptime").getAsDouble(), 1e-9, got.body);
    }

    /**
     * {@code vigil status NAME}: its uptime is below 100 % and it had one incident per crash while it ran.
     *
     * @return the availability of {@code vigil status --json NAME}
     */
    private JsonObject assertStatusShowsAvailability(List<Event> history) {
        Dist.Result status = dist.vigil("status", NAME);
        assertEquals("", status.err());
        Matcher m = FIGURES.matcher(status.out());
        assertTrue(m.find(), status.out());
        Dist.Result json = dist.vigil("status", "--json", NAME);
        JsonObject a = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonObject("availability");
        assertEquals(String.format(Locale.ROOT, "%.2f", a.get("uptime").getAsDouble() * 100), m.group(1), status.out());
        assertEquals(a.get("incidents").getAsInt(), Integer.parseInt(m.group(2)), status.out());
        assertTrue(a.get("uptime").getAsDouble() < 1.0, json.out());
        assertEquals(count(history, "STATE", "BACKOFF"), a.get("incidents").getAsLong(),
                "one incident per crash: " + json.out());
        return a;
    }

    /** Every event of {@code expected} is in {@code actual}, in the same order. */
    private static void assertInOrder(List<Event> expected, List<Event> actual) {
        int i = 0;
        for (Event e : actual) {
            if (i < expected.size() && expected.get(i).equals(e)) {
                i++;
            }
        }
        assertEquals(expected.size(), i, "listed before the kill but not after: " + (i < expected.size()
                ? expected.get(i) : "") + "\nbefore: " + expected + "\nafter: " + actual);
    }
}
