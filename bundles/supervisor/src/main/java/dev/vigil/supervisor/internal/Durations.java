package dev.vigil.supervisor.internal;

import java.time.Duration;

/** Durations the way configs write them. */
final class Durations {
    private Durations() {
    }

    /** 500ms, 10s, 5m, 2h. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
