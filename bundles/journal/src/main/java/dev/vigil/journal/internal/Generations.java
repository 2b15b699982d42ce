package dev.vigil.journal.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * How many recovery attempts and history events each journal file holds, by generation
 * (0 = the current file), so that the journal knows which of those it keeps in memory a
 * deleted file took with it: the memory holds the newest entries, the oldest file the
 * oldest. Not thread-safe: the journal serialises the calls.
 */
final class Generations {
    /** How many of the oldest entries kept in memory to forget. */
    record Dropped(int recoveries, int events) {
    }

    /** Per generation: {attempts, events}. */
    private final List<long[]> held = new ArrayList<>();
    /** Entries of each kind no longer on disk, since the journal opened. */
    private final long[] deleted = new long[2];
    /** Entries of each kind gone from the front of memory (evicted for room, or deleted). */
    private final long[] forgotten = new long[2];

    /** Generation {@code g} was read at opening and held these. */
    void opened(int g, int recoveries, int events) {
        while (held.size() <= g) {
            held.add(new long[2]);
        }
        held.set(g, new long[] {recoveries, events});
    }

    /** Entries were written to (or refused by) generation {@code g}. */
    void added(int g, int recoveries, int events) {
        while (held.size() <= g) {
            held.add(new long[2]);
        }
        held.get(g)[0] += recoveries;
        held.get(g)[1] += events;
    }

    void evictedRecovery() {
        forgotten[0]++;
    }

    void evictedEvent() {
        forgotten[1]++;
    }

    /** Whether memory holds every event the files hold: none was evicted for room. */
    boolean nothingEvicted() {
        return forgotten[1] == deleted[1];
    }

    /** The current file was rotated keeping {@code files} rotations: generations from {@code files} up were deleted. */
    Dropped rotated(int files) {
        Dropped d = deleted(files);
        held.add(0, new long[2]);
        return d;
    }

    /** Generations from {@code lowest} up were deleted. */
    Dropped deleted(int lowest) {
        while (held.size() > lowest) {
            long[] gone = held.remove(held.size() - 1);
            deleted[0] += gone[0];
            deleted[1] += gone[1];
        }
        return new Dropped(catchUp(0), catchUp(1));
    }

    private int catchUp(int kind) {
        long behind = deleted[kind] - forgotten[kind];
        if (behind <= 0) {
            return 0;
        }
        forgotten[kind] = deleted[kind];
        return (int) Math.min(Integer.MAX_VALUE, behind);
    }
}
