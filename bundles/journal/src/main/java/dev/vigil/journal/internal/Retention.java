package dev.vigil.journal.internal;

import dev.vigil.api.HistorySettings;
import java.time.Duration;

/**
 * How the journal's files are rotated and kept: the current one up to {@code maxBytes}, then
 * {@code files} rotations, a rotation deleted once it is older than {@code keep}. The journal's
 * own copy of {@link HistorySettings}, without its floor, so that tests rotate small files.
 */
record Retention(long maxBytes, int files, Duration keep) {
    static final Retention DEFAULT = of(HistorySettings.DEFAULT);

    Retention {
        if (maxBytes <= 0 || files < 1 || files > JournalFile.MAX_ROTATIONS || keep.isNegative()) {
            throw new IllegalArgumentException("not a retention: " + maxBytes + " bytes x " + files + ", " + keep);
        }
    }

    static Retention of(HistorySettings s) {
        return new Retention(s.maxBytes(), s.files(), s.keep());
    }
}
