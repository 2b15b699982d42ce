package dev.vigil.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.api.journal.Availability;
import dev.vigil.api.journal.HistoryEvent;
import dev.vigil.api.journal.HistoryEvent.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's uptime and incidents over a period, from a known sequence of state and health changes. */
class AvailabilityTest {
    @TempDir
    Path dir;

    private static Instant at(int minutes) {
        return Attempts.T0.plus(Duration.ofMinutes(minutes));
    }

    private static HistoryEvent event(int minutes, Kind kind, String from, String to) {
        return new HistoryEvent(at(minutes), "web", kind, from, to, from + " -> " + to);
    }

    private JsonLinesJournal daemon() {
        return new JsonLinesJournal(dir.resolve("journal.jsonl"), Retention.DEFAULT.maxBytes());
    }

    /**
     * web up before T0; DOWN by its check 10-20; crashed at 40 and back up at 50 (backing off,
     * then starting); stopped by an operator 70-90; up again to the end. db's events are not web's.
     */
    private JsonLinesJournal withADay() {
        JsonLinesJournal journal = daemon();
        journal.append(event(-10, Kind.STATE, "STOPPED", "STARTING"));
        journal.append(event(-9, Kind.STATE, "STARTING", "RUNNING"));
        journal.append(event(-9, Kind.HEALTH, "UNKNOWN", "UP"));
        journal.append(event(10, Kind.HEALTH, "UP", "DOWN"));
        journal.append(new HistoryEvent(at(15), "db", Kind.STATE, "RUNNING", "FATAL", "given up"));
        journal.append(event(20, Kind.HEALTH, "DOWN", "UP"));
        journal.append(new HistoryEvent(at(40), "web", Kind.EXIT, null, "exit 1", "exit 1"));
        journal.append(event(40, Kind.STATE, "RUNNING", "BACKOFF"));
        journal.append(event(45, Kind.RESTART, "BACKOFF", "STARTING"));
        journal.append(event(50, Kind.STATE, "STARTING", "RUNNING"));
        journal.append(event(70, Kind.STATE, "RUNNING", "STOPPED"));
        journal.append(event(90, Kind.STATE, "STOPPED", "STARTING"));
        journal.append(event(91, Kind.STATE, "STARTING", "RUNNING"));
        return journal;
    }

    private static void assertFigures(Availability a, Duration observed, Duration down, int incidents, double uptime) {
        assertEquals(observed, a.observed(), "observed: " + a);
        assertEquals(down, a.downtime(), "downtime: " + a);
        assertEquals(incidents, a.incidents(), "incidents: " + a);
        assertEquals(uptime, a.uptime(), 1e-9, "uptime: " + a);
    }

    private static void assertDay(JsonLinesJournal journal) {
        // Meant to run 0-70 and 90-100 (80 min), down 10-20 and 40-50 (20 min): 75 %, two incidents.
        assertFigures(journal.availability("web", at(0), at(100)), Duration.ofMinutes(80), Duration.ofMinutes(20), 2,
                0.75);
        // Begun while DOWN: that incident counts, as one.
        assertFigures(journal.availability("web", at(15), at(30)), Duration.ofMinutes(15), Duration.ofMinutes(5), 1,
                10.0 / 15);
        // Stopped on purpose the whole period: nothing observed, nothing down.
        assertFigures(journal.availability("web", at(75), at(85)), Duration.ZERO, Duration.ZERO, 0, 1.0);
        // Events after the period do not count.
        assertFigures(journal.availability("web", at(0), at(30)), Duration.ofMinutes(30), Duration.ofMinutes(10), 1,
                20.0 / 30);
        assertFigures(journal.availability("db", at(0), at(100)), Duration.ofMinutes(85), Duration.ofMinutes(85), 1,
                0.0);
    }

    @Test
    void uptimeAndIncidentsFromTheStateAndHealthChanges() {
        JsonLinesJournal journal = withADay();
        assertDay(journal);
        journal.deactivate();
        JsonLinesJournal restarted = daemon();
        assertDay(restarted);
        restarted.deactivate();
    }

    @Test
    void aPeriodEndingBeforeItBeginsIsRefused() {
        JsonLinesJournal journal = daemon();
        assertThrows(IllegalArgumentException.class, () -> journal.availability("web", at(10), at(0)));
        journal.deactivate();
    }
}
