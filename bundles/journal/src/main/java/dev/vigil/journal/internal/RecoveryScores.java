package dev.vigil.journal.internal;

import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.journal.RecoveryRecord.Outcome;
import dev.vigil.api.journal.RecoveryScore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Scores recovery attempts by service or by strategy. */
final class RecoveryScores {
    private RecoveryScores() {
    }

    /** One score per subject with attempts (skipped ones are none), by subject name. */
    static List<RecoveryScore> score(Iterable<RecoveryRecord> records, Function<RecoveryRecord, String> subject) {
        Map<String, List<RecoveryRecord>> bySubject = new TreeMap<>();
        for (RecoveryRecord r : records) {
            if (r.outcome() != Outcome.SKIPPED) {
                bySubject.computeIfAbsent(subject.apply(r), s -> new ArrayList<>()).add(r);
            }
        }
        List<RecoveryScore> out = new ArrayList<>();
        bySubject.forEach((name, attempts) -> {
            List<Duration> times = attempts.stream().filter(r -> r.outcome() == Outcome.RECOVERED)
                    .map(r -> Duration.between(r.failedAt(), r.end())).toList();
            Duration mean = times.isEmpty() ? null
                    : times.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(times.size());
            out.add(new RecoveryScore(name, attempts.size(), times.size(), mean));
        });
        return out;
    }
}
