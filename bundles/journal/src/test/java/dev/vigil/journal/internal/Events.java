package dev.vigil.journal.internal;

import dev.vigil.api.journal.HistoryEvent;
import dev.vigil.api.journal.HistoryEvent.Kind;
import java.time.Duration;
import java.util.List;

/** History events made by hand, and what a history lists as numbers a test can compare. */
final class Events {
    private Events() {
    }

    /** Event {@code n} (1-999) of {@code service}: a state change at T0 + n s, all lines the same length. */
    static HistoryEvent numbered(String service, int n) {
        return new HistoryEvent(Attempts.T0.plus(Duration.ofSeconds(n)), service, Kind.STATE, "STARTING", "RUNNING",
                String.format("event %03d", n));
    }

    /** The numbers of numbered events, in the order listed. */
    static List<Integer> numbers(List<HistoryEvent> events) {
        return events.stream().map(e -> Integer.parseInt(e.message().substring("event ".length()))).toList();
    }

    /** The line a numbered event takes in the file, line break included, in bytes. */
    static int lineBytes() {
        return (EventLine.format(numbered("web", 1)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
