package dev.vigil.journal.internal;

import static dev.vigil.journal.internal.Attempts.attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.journal.RecoveryRecord.Outcome;
import dev.vigil.api.journal.RecoveryScore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scores and listings of a hand-made history. */
class RecoveryScoresTest {
    @TempDir
    Path dir;

    private JsonLinesJournal journal;

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    // Time to recovery = 1 s until the start + what the attempt took.
    private final List<RecoveryRecord> history = List.of(
            attempt("web", "restart", Outcome.RECOVERED, s(0), s(2)),           // 3 s
            attempt("web", "restart", Outcome.FAILED, s(60), s(10)),
            attempt("web", "exec", Outcome.SKIPPED, s(70), s(0)),
            attempt("web", "reassign-port", Outcome.RECOVERED, s(120), s(4)),   // 5 s
            attempt("db", "restart", Outcome.GAVE_UP, s(130), s(1)),
            attempt("db", "restart", Outcome.RECOVERED, s(200), s(8)),          // 9 s
            attempt("cache", "exec", Outcome.SKIPPED, s(300), s(0)));

    @BeforeEach
    void record() {
        journal = new JsonLinesJournal(dir.resolve("journal.jsonl"), Retention.DEFAULT.maxBytes());
        history.forEach(journal::record);
    }

    @Test
    void byServiceCountsAttemptsSuccessesAndTheMeanTimeToRecovery() {
        assertEquals(List.of(new RecoveryScore("db", 2, 1, s(9)), new RecoveryScore("web", 3, 2, s(4))),
                journal.byService(), "by name; cache had no attempts, only a skip");
        assertEquals(2.0 / 3, journal.byService().get(1).successRate(), 1e-9);
    }

    @Test
    void byStrategyOfOneServiceOrOfAll() {
        assertEquals(List.of(new RecoveryScore("reassign-port", 1, 1, s(5)), new RecoveryScore("restart", 2, 1, s(3))),
                journal.byStrategy("web"));
        assertEquals(List.of(new RecoveryScore("reassign-port", 1, 1, s(5)), new RecoveryScore("restart", 4, 2, s(6))),
                journal.byStrategy(null));
        assertEquals(List.of(new RecoveryScore("restart", 2, 1, s(9))), journal.byStrategy("db"));
        assertEquals(List.of(), journal.byStrategy("nobody"));
    }

    @Test
    void noMeanTimeWhenNothingRecovered() {
        journal.record(attempt("queue", "restart", Outcome.FAILED, s(400), s(1)));
        RecoveryScore queue = journal.byService().stream().filter(x -> x.subject().equals("queue")).findFirst().orElseThrow();
        assertEquals(1, queue.attempts());
        assertEquals(0, queue.successRate());
        assertNull(queue.meanTimeToRecovery());
    }

    @Test
    void recoveriesAreTheMostRecentOldestFirst() {
        assertEquals(history.subList(4, 7), journal.recoveries(null, 3));
        assertEquals(List.of(history.get(2), history.get(3)), journal.recoveries("web", 2));
        assertEquals(history, journal.recoveries(null, 100));
        assertEquals(List.of(), journal.recoveries("web", 0));
    }

    @Test
    void scoresAreTheSameAfterARestart() {
        JsonLinesJournal restarted = new JsonLinesJournal(dir.resolve("journal.jsonl"), Retention.DEFAULT.maxBytes());
        assertEquals(journal.byService(), restarted.byService());
        assertEquals(journal.byStrategy(null), restarted.byStrategy(null));
    }
}
