package dev.vigil.journal.internal;

import static dev.vigil.journal.internal.Events.numbered;
import static dev.vigil.journal.internal.Events.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.journal.HistoryEvent;
import dev.vigil.api.journal.HistoryEvent.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code history(service, since, limit)} lists: whose, from when, how many, from memory and from the files. */
class HistoryQueryTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("journal.jsonl");
    }

    private JsonLinesJournal daemon() {
        return new JsonLinesJournal(file(), Retention.DEFAULT.maxBytes());
    }

    private static Instant at(int seconds) {
        return Attempts.T0.plus(Duration.ofSeconds(seconds));
    }

    private static final HistoryEvent LOADED = new HistoryEvent(at(0), null, Kind.CONFIG_LOADED, null, null,
            "loaded vigil.json (2 services)");

    /** web's events 1-10 and db's 11-12, each at T0 + its number in seconds, after a config loaded at T0. */
    private JsonLinesJournal withTwoServices() {
        JsonLinesJournal journal = daemon();
        journal.append(LOADED);
        IntStream.rangeClosed(1, 10).forEach(n -> journal.append(numbered("web", n)));
        IntStream.rangeClosed(11, 12).forEach(n -> journal.append(numbered("db", n)));
        return journal;
    }

    private static void assertAnswers(JsonLinesJournal journal) {
        assertEquals(IntStream.rangeClosed(1, 10).boxed().toList(), numbers(journal.history("web", null, 100)));
        assertEquals(List.of(11, 12), numbers(journal.history("db", null, 100)));
        List<HistoryEvent> all = journal.history(null, null, 100);
        assertEquals(13, all.size(), "without a service, every service's and the system's");
        assertEquals(LOADED, all.get(0));
        assertEquals(List.of(5, 6, 7, 8, 9, 10), numbers(journal.history("web", at(5), 100)), "since is inclusive");
        assertEquals(List.of(9, 10), numbers(journal.history("web", null, 2)), "the newest ones, oldest first");
        assertEquals(List.of(9, 10), numbers(journal.history("web", at(3), 2)));
        assertEquals(List.of(), journal.history("web", at(11), 100));
        assertEquals(List.of(), journal.history("nobody", null, 100));
        assertEquals(List.of(), journal.history("web", null, 0));
    }

    @Test
    void sinceLimitAndServiceSelectTheSameLiveAndAfterARestart() {
        JsonLinesJournal journal = withTwoServices();
        assertAnswers(journal);
        journal.deactivate();
        JsonLinesJournal restarted = daemon();
        assertAnswers(restarted);
        restarted.deactivate();
    }

    @Test
    void historyOlderThanMemoryHoldsIsReadFromTheFiles() throws Exception {
        int total = JsonLinesJournal.HISTORY_IN_MEMORY + 5;
        StringBuilder text = new StringBuilder();
        for (int n = 1; n <= total; n++) {
            HistoryEvent e = new HistoryEvent(at(n), "web", Kind.STATE, "STARTING", "RUNNING", "event " + n);
            text.append(EventLine.format(e)).append('\n');
        }
        Files.writeString(file(), text);

        JsonLinesJournal journal = daemon();
        assertEquals(List.of(1, 2, 3, 4, 5, 6), numbers(journal.history("web", null, total)).subList(0, 6),
                "the oldest are read back from the file");
        assertEquals(total, journal.history("web", null, total).size());
        assertEquals(List.of(3, 4), numbers(journal.history("web", at(3), total)).subList(0, 2));
        assertEquals(List.of(total - 1, total), numbers(journal.history("web", null, 2)));
        assertEquals(List.of(total - 1, total), numbers(journal.history("web", at(total - 1), 100)));
        journal.deactivate();
    }
}
