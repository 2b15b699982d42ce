package dev.vigil.api.journal;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Vigil's history, kept append-only in the data directory (JSON lines), so that it
 * survives a restart and a kill -9 of the daemon: a torn last line is skipped on reading.
 * Rotated by size; what rotated out is no longer counted. Provided by the journal bundle;
 * thread-safe.
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
}
