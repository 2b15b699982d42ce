package dev.vigil.recovery.coordinator.internal;

import dev.vigil.api.journal.RecoveryRecord;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last attempts this coordinator made, for a sweep's report even without a journal. Thread-safe. */
final class RecentAttempts {
    private final int keep;
    private final Deque<RecoveryRecord> records = new ArrayDeque<>();

    RecentAttempts(int keep) {
        this.keep = keep;
    }

    synchronized void add(RecoveryRecord r) {
        records.addLast(r);
        while (records.size() > keep) {
            records.removeFirst();
        }
    }

    /** Attempts that ended at or after {@code time}, oldest first. */
    synchronized List<RecoveryRecord> since(Instant time) {
        return records.stream().filter(r -> !r.end().isBefore(time)).toList();
    }
}
