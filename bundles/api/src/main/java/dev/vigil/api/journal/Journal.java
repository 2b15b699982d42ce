package dev.vigil.api.journal;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Vigil's history, kept append-only in the data directory (JSON lines), so that it
 * survives a restart and a kill -9 of the daemon: a torn last line is skipped on reading.
 * Rotated by size, with a retention in count of files and in age ({@code system.history});
 * what rotated out is no longer counted. It holds recovery attempts and, since 0.3.0, the
 * history of every service and of the system ({@link HistoryEvent}): health and state
 * changes, exits, restarts, recoveries, port moves, configurations loaded and refused.
 * Provided by the journal bundle; thread-safe.
 */
@ProviderType
public interface Journal {

    /** Appends one recovery attempt; written through to the file before it returns. */
    void record(RecoveryRecord attempt);

    /**
     * The most recent recovery attempts, oldest first.
     *
     * @param service only this service's, or every service's when null
     * @param limit   at most this many
     */
    List<RecoveryRecord> recoveries(String service, int limit);

    /** One score per service that had attempts, by service name. */
    List<RecoveryScore> byService();

    /**
     * One score per strategy that acted, by strategy name.
     *
     * @param service only this service's attempts, or every service's when null
     */
    List<RecoveryScore> byStrategy(String service);

    /**
     * Appends one history event. It is queued and written by the journal's own writer, so this
     * never blocks for long; a write that fails is reported as a notice, not thrown.
     */
    void append(HistoryEvent event);

    /**
     * History since an instant, oldest first (newest last), what was appended so far included.
     *
     * @param service only this service's events, or every event (the system's and every
     *                service's) when null
     * @param since   events at or after this instant; null for all the journal holds
     * @param limit   at most this many: the newest ones when there are more
     */
    List<HistoryEvent> history(String service, Instant since, int limit);

    /**
     * One service's availability from {@code since} to {@code until}, from its state and
     * health changes in the journal (including the last ones before {@code since}, for the
     * state it was in when the period began).
     *
     * @throws IllegalArgumentException when {@code until} is before {@code since}
     */
    Availability availability(String service, Instant since, Instant until);
}
