package dev.vigil.journal.internal;

import static dev.vigil.journal.internal.Events.numbered;
import static dev.vigil.journal.internal.Events.numbers;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.journal.HistoryEvent;
import dev.vigil.api.journal.HistoryEvent.Kind;
import dev.vigil.api.journal.RecoveryRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history a restarted daemon reads back: after a clean stop, and after a kill -9 that tore the last line. */
class HistoryAcrossRestartsTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data/journal.jsonl");
    }

    private JsonLinesJournal daemon() {
        return new JsonLinesJournal(file(), Retention.DEFAULT.maxBytes());
    }

    /** A daemon that appended events {@code from..to} and stopped. */
    private void ran(int from, int to) {
        JsonLinesJournal d = daemon();
        IntStream.rangeClosed(from, to).forEach(n -> d.append(numbered("web", n)));
        d.deactivate();
    }

    private void appendBytes(String text) throws Exception {
        Files.write(file(), text.getBytes(UTF_8), StandardOpenOption.APPEND);
    }

    /** What a daemon started now lists, after it appended {@code more} and stopped, and what the next one lists. */
    private void assertListsAfterAppending(List<Integer> before, int more) {
        JsonLinesJournal after = daemon();
        assertEquals(before, numbers(after.history("web", null, 100)));
        after.append(numbered("web", more));
        after.deactivate();
        List<Integer> all = new java.util.ArrayList<>(before);
        all.add(more);
        assertEquals(all, numbers(daemon().history("web", null, 100)), "no event after the bad line is lost");
    }

    @Test
    void eventsThatComeWhileTheJournalIsReadBackAreKeptAfterWhatItHeld() throws Exception {
        ran(1, 900);
        JsonLinesJournal started = new JsonLinesJournal(Retention.DEFAULT, java.time.Clock.systemUTC());
        started.openInBackground(file());
        // Handed over at once, as the supervisor's first events are, while the 900 lines are read.
        IntStream.rangeClosed(901, 999).forEach(n -> started.append(numbered("web", n)));
        List<Integer> all = IntStream.rangeClosed(1, 999).boxed().toList();
        assertEquals(all, numbers(started.history("web", null, 1000)));
        started.deactivate();
        assertEquals(all, numbers(Attempts.lines(file()).stream().map(EventLine::parse).toList()),
                "the file holds them in the order they came");
        assertEquals(all, numbers(daemon().history("web", null, 1000)));
    }

    @Test
    void aTornLastEventIsSkippedAndTheNextStartsANewLine() throws Exception {
        ran(1, 3);
        String whole = EventLine.format(numbered("web", 4));
        appendBytes(whole.substring(0, whole.length() / 2)); // a kill -9 in the middle of a write

        assertListsAfterAppending(List.of(1, 2, 3), 5);
        List<String> lines = Attempts.lines(file());
        assertEquals(5, lines.size());
        assertEquals(whole.substring(0, whole.length() / 2), lines.get(3), "the torn line is left as it was");
        assertEquals(numbered("web", 5), EventLine.parse(lines.get(4)));
        assertTrue(Files.readString(file()).endsWith("\n"));
    }

    @Test
    void garbageLinesAreSkippedWhereverTheyAre() throws Exception {
        ran(1, 2);
        appendBytes("\0\0\0\0 not an event\n");
        appendBytes(EventLine.format(numbered("web", 3)) + "\n");
        appendBytes("{\"type\":\"event\",\"at\":\"yesterday\",\"kind\":\"STATE\",\"message\":\"x\"}\n");
        appendBytes("\0\0\0\0"); // what a file system can leave of a write cut short

        assertListsAfterAppending(List.of(1, 2, 3), 4);
    }

    @Test
    void aWholeLastEventWithoutItsLineBreakIsKept() throws Exception {
        ran(1, 2);
        appendBytes(EventLine.format(numbered("web", 3))); // cut just before the line break

        assertListsAfterAppending(List.of(1, 2, 3), 4);
        assertEquals(4, Attempts.lines(file()).size(), "one event a line");
    }

    @Test
    void recoveryAttemptsAreInTheHistoryAfterARestartToo() throws Exception {
        JsonLinesJournal first = daemon();
        first.append(numbered("web", 1));
        first.record(Attempts.numbered("web", 2));
        RecoveryRecord timed = Attempts.numbered("web", 3); // timed to the nanosecond, as the coordinator does
        first.record(new RecoveryRecord("web", timed.kind(), timed.strategy(), timed.failedAt(), timed.start(),
                Duration.ofNanos(1_500_250_000), timed.outcome(), timed.detail()));
        List<HistoryEvent> before = first.history("web", null, 100);
        List<RecoveryRecord> attempts = first.recoveries("web", 100);
        first.deactivate();

        assertEquals(List.of(Kind.STATE, Kind.RECOVERY, Kind.RECOVERY), before.stream().map(HistoryEvent::kind).toList());
        JsonLinesJournal restarted = daemon();
        assertEquals(before, restarted.history("web", null, 100), "the same events at the same times");
        assertEquals(attempts, restarted.recoveries("web", 100));
    }
}
