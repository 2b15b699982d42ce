package dev.vigil.journal.internal;

import static dev.vigil.journal.internal.Attempts.numbered;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.journal.RecoveryRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation by size, what stops counting once a file is rotated out, and who may read the files. */
class JournalRotationTest {
    /** Every numbered attempt's line is this long, line break included. */
    private static final int LINE = (RecoveryLine.format(numbered("web", 1)) + "\n").getBytes(UTF_8).length;

    @TempDir
    Path dir;

    private Path file(String name) {
        return dir.resolve(name);
    }

    /** A journal whose files hold three attempts each. */
    private JsonLinesJournal journal() {
        return new JsonLinesJournal(file("journal.jsonl"), 3L * LINE);
    }

    private static List<Integer> numbers(List<RecoveryRecord> records) {
        return records.stream().map(r -> Integer.parseInt(r.detail().substring("attempt ".length()))).toList();
    }

    @Test
    void rotatesWhenTheNextLineWouldPassTheLimit() throws Exception {
        JsonLinesJournal journal = journal();
        for (int n = 1; n <= 3; n++) {
            journal.record(numbered("web", n));
        }
        assertEquals(3L * LINE, Files.size(file("journal.jsonl")));
        assertFalse(Files.exists(file("journal.jsonl.1")), "a file at the limit is not rotated yet");

        journal.record(numbered("web", 4));
        assertEquals(3, Attempts.lines(file("journal.jsonl.1")).size());
        assertEquals(1, Attempts.lines(file("journal.jsonl")).size());
        assertEquals(List.of(1, 2, 3, 4), numbers(journal.recoveries(null, 100)));
    }

    @Test
    void keepsThreeRotationsAndStopsCountingWhatRotatedOut() throws Exception {
        JsonLinesJournal journal = journal();
        for (int n = 1; n <= 12; n++) {
            journal.record(numbered("web", n));
        }
        assertEquals(12, journal.byService().get(0).attempts(), "four files of three");

        journal.record(numbered("web", 13));
        assertFalse(Files.exists(file("journal.jsonl.4")));
        assertEquals(List.of(4, 5, 6), numbers(Attempts.lines(file("journal.jsonl.3")).stream()
                .map(RecoveryLine::parse).toList()));
        List<Integer> kept = IntStream.rangeClosed(4, 13).boxed().toList();
        assertEquals(kept, numbers(journal.recoveries(null, 100)));
        assertEquals(10, journal.byService().get(0).attempts());
        assertEquals(10, journal.byStrategy("web").get(0).successes());

        JsonLinesJournal restarted = journal();
        assertEquals(kept, numbers(restarted.recoveries(null, 100)), "the same after a restart");
        restarted.record(numbered("web", 14));
        assertEquals(List.of(4, 5, 6), numbers(Attempts.lines(file("journal.jsonl.3")).stream()
                .map(RecoveryLine::parse).toList()), "the restarted journal carries on filling the current file");
    }

    @Test
    void theFileAndItsRotationsAreOwnerOnly() throws Exception {
        Files.writeString(file("journal.jsonl.2"), "");
        Files.setPosixFilePermissions(file("journal.jsonl.2"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(file("journal.jsonl"), "");
        Files.setPosixFilePermissions(file("journal.jsonl"), PosixFilePermissions.fromString("rw-r--r--"));
        JsonLinesJournal journal = journal();
        for (int n = 1; n <= 4; n++) {
            journal.record(numbered("web", n));
        }
        for (String name : List.of("journal.jsonl", "journal.jsonl.1")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file(name))), name);
        }
        assertTrue(Files.exists(file("journal.jsonl.3")), "rotations keep the files they had");
    }

    @Test
    void aNewFileIsCreatedOwnerOnly() throws Exception {
        JsonLinesJournal journal = new JsonLinesJournal(file("new/journal.jsonl"), Retention.DEFAULT.maxBytes());
        journal.record(numbered("web", 1));
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file("new/journal.jsonl"))));
    }
}
