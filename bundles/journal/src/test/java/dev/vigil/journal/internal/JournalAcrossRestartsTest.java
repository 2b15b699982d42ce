package dev.vigil.journal.internal;

import static dev.vigil.journal.internal.Attempts.numbered;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.journal.RecoveryRecord.Outcome;
import dev.vigil.api.recovery.FailureKind;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the journal holds after the daemon restarts, cleanly or after a kill -9 mid-write. */
class JournalAcrossRestartsTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data/journal.jsonl");
    }

    /** A daemon (re)start: a fresh journal on the same file. */
    private JsonLinesJournal daemon() {
        return new JsonLinesJournal(file(), Retention.DEFAULT.maxBytes());
    }

    @Test
    void recordsSurviveReopening() throws Exception {
        RecoveryRecord odd = new RecoveryRecord("api \"v2\"", FailureKind.PORT_CONFLICT, "reassign-port",
                Instant.parse("2025-03-01T10:00:00.123456789Z"), Instant.parse("2025-03-01T10:00:01Z"),
                Duration.ofMillis(250), Outcome.FAILED, "port 8080 taken\nby nginx <pid 12> é");
        JsonLinesJournal first = daemon();
        first.record(numbered("web", 1));
        first.record(odd);
        first.record(numbered("web", 2));
        first.deactivate();

        List<RecoveryRecord> expected = List.of(numbered("web", 1), odd, numbered("web", 2));
        assertEquals(expected, daemon().recoveries(null, 10));
        List<String> lines = Attempts.lines(file());
        assertEquals(3, lines.size(), "one line per attempt, a line break in a detail included");
        JsonObject second = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals("recovery", second.get("type").getAsString());
        assertEquals("PORT_CONFLICT", second.get("kind").getAsString());
        assertEquals("2025-03-01T10:00:00.123456789Z", second.get("failedAt").getAsString());
        assertEquals(250, second.get("durationMs").getAsLong());
        assertEquals("FAILED", second.get("outcome").getAsString());
    }

    @Test
    void aTornLastLineIsSkippedAndTheNextAppendStartsANewLine() throws Exception {
        JsonLinesJournal before = daemon();
        before.record(numbered("web", 1));
        before.record(numbered("web", 2));
        before.deactivate();
        String whole = RecoveryLine.format(numbered("web", 3));
        Files.writeString(file(), whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND); // kill -9

        JsonLinesJournal after = daemon();
        assertEquals(List.of(numbered("web", 1), numbered("web", 2)), after.recoveries(null, 10));
        after.record(numbered("web", 4));

        List<String> lines = Attempts.lines(file());
        assertEquals(4, lines.size());
        assertEquals(whole.substring(0, whole.length() / 2), lines.get(2), "the torn line is left as it was");
        assertEquals(numbered("web", 4), RecoveryLine.parse(lines.get(3)), "and the new entry is a line of its own");
        assertTrue(Files.readString(file()).endsWith("\n"));
        assertEquals(List.of(numbered("web", 1), numbered("web", 2), numbered("web", 4)), daemon().recoveries(null, 10));
    }

    @Test
    void garbageInTheMiddleIsSkippedAndLinesOfOtherTypesAreKept() throws Exception {
        Files.createDirectories(file().getParent());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((RecoveryLine.format(numbered("web", 1)) + "\n").getBytes(UTF_8));
        bytes.writeBytes("this is not json\n".getBytes(UTF_8));
        bytes.writeBytes("{\"type\":\"recovery\",\"service\":\"web\"}\n".getBytes(UTF_8));
        bytes.writeBytes(new byte[] {'{', '"', (byte) 0xC3, '\n'}); // a write cut inside a character
        bytes.writeBytes("[1,2]\n\n".getBytes(UTF_8));
        String state = "{\"type\":\"state\",\"service\":\"web\",\"state\":\"UP\"}";
        bytes.writeBytes((state + "\n").getBytes(UTF_8));
        bytes.writeBytes((RecoveryLine.format(numbered("web", 2)) + "\n").getBytes(UTF_8));
        Files.write(file(), bytes.toByteArray());

        JsonLinesJournal journal = daemon();
        assertEquals(List.of(numbered("web", 1), numbered("web", 2)), journal.recoveries(null, 10));
        assertEquals(2, journal.byService().get(0).attempts());
        journal.record(numbered("web", 3));
        List<String> lines = Attempts.lines(file());
        assertEquals(state, lines.get(6), "a line of another type stays in the file");
        assertEquals(numbered("web", 3), RecoveryLine.parse(lines.get(8)));
    }

    @Test
    void atMostTheLastTenThousandAttemptsAreKeptInMemory() throws Exception {
        Files.createDirectories(file().getParent());
        StringBuilder text = new StringBuilder();
        IntStream.rangeClosed(1, JsonLinesJournal.IN_MEMORY + 5)
                .forEach(n -> text.append(RecoveryLine.format(numbered("s" + n, 1))).append('\n'));
        Files.writeString(file(), text);

        JsonLinesJournal journal = daemon();
        List<RecoveryRecord> all = journal.recoveries(null, Integer.MAX_VALUE);
        assertEquals(JsonLinesJournal.IN_MEMORY, all.size());
        assertEquals("s6", all.get(0).service());
        assertEquals(JsonLinesJournal.IN_MEMORY, journal.byService().size());
    }
}
