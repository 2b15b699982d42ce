package dev.vigil.journal.internal;

import static dev.vigil.journal.internal.Events.numbered;
import static dev.vigil.journal.internal.Events.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History events across rotations by size ({@code files}) and by age ({@code keep}), live and after a restart. */
class HistoryRotationTest {
    /** Three numbered events fill a file. */
    private static final long THREE = 3L * Events.lineBytes();
    /** The journal's now; files' ages are set against it. */
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path file(String name) {
        return dir.resolve(name);
    }

    private JsonLinesJournal journal(int files, Duration keep) {
        return new JsonLinesJournal(file("journal.jsonl"), new Retention(THREE, files, keep), CLOCK);
    }

    /** Appends events 1..n and stops the journal, which writes every queued event first. */
    private JsonLinesJournal written(int files, Duration keep, int n) {
        JsonLinesJournal journal = journal(files, keep);
        IntStream.rangeClosed(1, n).forEach(i -> journal.append(numbered("web", i)));
        journal.deactivate();
        return journal;
    }

    private List<Integer> inFile(String name) throws Exception {
        return Attempts.lines(file(name)).stream().map(l -> Integer.parseInt(EventLine.parse(l).message()
                .substring("event ".length()))).toList();
    }

    private void age(String name, Duration old) throws Exception {
        Files.setLastModifiedTime(file(name), FileTime.from(NOW.minus(old)));
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void rotationKeepsFilesRotationsAndDropsTheOldest() throws Exception {
        JsonLinesJournal journal = written(2, Duration.ofDays(30), 12);

        assertEquals(range(10, 12), inFile("journal.jsonl"));
        assertEquals(range(7, 9), inFile("journal.jsonl.1"));
        assertEquals(range(4, 6), inFile("journal.jsonl.2"));
        assertFalse(Files.exists(file("journal.jsonl.3")), "two rotations kept, the third deleted");
        assertEquals(range(4, 12), numbers(journal.history("web", null, 100)), "what rotated out is not listed");
        JsonLinesJournal restarted = journal(2, Duration.ofDays(30));
        assertEquals(range(4, 12), numbers(restarted.history("web", null, 100)), "the same after a restart");
        restarted.deactivate();
    }

    @Test
    void fewerFilesTakeEffectAtTheNextRotation() throws Exception {
        written(3, Duration.ofDays(30), 12);
        assertTrue(Files.exists(file("journal.jsonl.3")));

        JsonLinesJournal fewer = journal(1, Duration.ofDays(30));
        assertEquals(range(1, 12), numbers(fewer.history("web", null, 100)), "nothing is deleted before a rotation");
        fewer.append(numbered("web", 13));
        fewer.deactivate();
        assertEquals(List.of(13), inFile("journal.jsonl"));
        assertEquals(range(10, 12), inFile("journal.jsonl.1"));
        assertFalse(Files.exists(file("journal.jsonl.2")));
        assertFalse(Files.exists(file("journal.jsonl.3")));
        assertEquals(range(10, 13), numbers(fewer.history("web", null, 100)));
    }

    @Test
    void rotatedFilesOlderThanKeepAreDeletedAtOpeningAndWhenKeepShrinks() throws Exception {
        written(5, Duration.ofDays(30), 12);
        age("journal.jsonl.3", Duration.ofDays(40)); // events 1-3
        age("journal.jsonl.2", Duration.ofDays(10)); // 4-6
        age("journal.jsonl.1", Duration.ofDays(1)); // 7-9
        age("journal.jsonl", Duration.ofDays(100)); // 10-12: the current file is never expired

        JsonLinesJournal journal = journal(5, Duration.ofDays(30));
        assertFalse(Files.exists(file("journal.jsonl.3")));
        assertTrue(Files.exists(file("journal.jsonl.2")));
        assertEquals(range(4, 12), numbers(journal.history("web", null, 100)));

        journal.retention(new Retention(THREE, 5, Duration.ofDays(5))); // a new system.history
        assertFalse(Files.exists(file("journal.jsonl.2")));
        assertEquals(range(7, 9), inFile("journal.jsonl.1"));
        assertEquals(range(10, 12), inFile("journal.jsonl"));
        assertEquals(range(7, 12), numbers(journal.history("web", null, 100)), "what expired is not listed");
        journal.deactivate();
    }

    @Test
    void recoveryAttemptsLeaveTheHistoryWithTheirFile() throws Exception {
        long threeAttempts = 3L * (RecoveryLine.format(Attempts.numbered("web", 1)) + "\n").length();
        Retention oneRotation = new Retention(threeAttempts, 1, Duration.ofDays(30));
        JsonLinesJournal journal = new JsonLinesJournal(file("journal.jsonl"), oneRotation, CLOCK);
        IntStream.rangeClosed(1, 12).forEach(n -> journal.record(Attempts.numbered("web", n)));
        journal.deactivate();

        List<String> kept = range(7, 12).stream().map(n -> String.format("(attempt %03d)", n)).toList();
        assertEquals(kept, attemptsListed(journal));
        assertEquals(kept, attemptsListed(new JsonLinesJournal(file("journal.jsonl"), oneRotation, CLOCK)),
                "the same after a restart");
    }

    private static List<String> attemptsListed(JsonLinesJournal journal) {
        return journal.history("web", null, 100).stream()
                .map(e -> e.message().substring(e.message().lastIndexOf('('))).toList();
    }
}
