package dev.vigil.recovery.restart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.RestartPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a crashed service comes back, with time and jitter under the test's control. */
class RestartScheduleTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration SHORT_RUN = Duration.ofMillis(200);

    private double random; // what the jitter source returns next, in [0, 1)
    private Instant now = T0;

    private RestartSchedule schedule(Duration min, Duration max, int maxRestarts, Duration window, Duration stable) {
        return new RestartSchedule(new RestartPolicy(min, max, maxRestarts, window, stable), () -> random);
    }

    private RestartSchedule schedule(int maxRestarts) {
        return schedule(Duration.ofSeconds(1), Duration.ofSeconds(5), maxRestarts, Duration.ofMinutes(10),
                Duration.ofSeconds(10));
    }

    /** A crash after a run of {@code upFor} that began once the previous delay was over. */
    private Duration crash(RestartSchedule schedule, Duration upFor) {
        now = now.plus(upFor);
        Duration delay = schedule.onCrash(now, upFor);
        if (delay != null) {
            now = now.plus(delay);
        }
        return delay;
    }

    private List<Long> delaysInMillis(RestartSchedule schedule, int crashes) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < crashes; i++) {
            out.add(crash(schedule, SHORT_RUN).toMillis());
        }
        return out;
    }

    @Test
    void firstCrashRestartsAtOnce() {
        assertEquals(Duration.ZERO, schedule(5).onCrash(T0, Duration.ofHours(1)));
    }

    @Test
    void crashesInARowDoubleFromTheMinimumUpToTheMaximum() {
        assertEquals(List.of(0L, 1000L, 2000L, 4000L, 5000L, 5000L, 5000L), delaysInMillis(schedule(100), 7));
    }

    @Test
    void jitterAddsAtMostAFifthOfTheDelayAndNeverPassesTheMaximum() {
        random = 0.5;
        assertEquals(List.of(0L, 1100L, 2200L, 4400L, 5000L), delaysInMillis(schedule(100), 5));

        random = 0.999_999;
        List<Long> delays = delaysInMillis(schedule(100), 5);
        assertEquals(0L, delays.get(0));
        long[] bases = {1000, 2000, 4000};
        for (int i = 0; i < bases.length; i++) {
            long d = delays.get(i + 1);
            assertTrue(d >= bases[i] && d <= bases[i] * 6 / 5, () -> "delay " + d + " in " + delays);
        }
        assertEquals(5000L, delays.get(4));
    }

    @Test
    void givesUpAfterMaxRestartsWithinTheWindow() {
        RestartSchedule schedule = schedule(3);
        for (int i = 0; i < 3; i++) {
            assertNotNull(crash(schedule, SHORT_RUN), "restart " + (i + 1) + " of 3");
        }
        assertNull(crash(schedule, SHORT_RUN));
        assertNull(crash(schedule, SHORT_RUN), "still within the window");
        assertEquals(3, schedule.recentRestarts());
    }

    @Test
    void noRestartsAllowedMeansTheFirstCrashGivesUp() {
        assertNull(schedule(0).onCrash(T0, SHORT_RUN));
    }

    @Test
    void restartsOlderThanTheWindowAreForgotten() {
        RestartSchedule schedule = schedule(Duration.ofSeconds(1), Duration.ofSeconds(5), 2,
                Duration.ofMinutes(10), Duration.ofHours(1));
        assertNotNull(schedule.onCrash(T0, SHORT_RUN));
        assertNotNull(schedule.onCrash(T0.plus(Duration.ofMinutes(5)), SHORT_RUN));
        assertNull(schedule.onCrash(T0.plus(Duration.ofMinutes(9)), SHORT_RUN));

        // Just past ten minutes after the first restart, that one no longer counts; the second still does.
        Instant later = T0.plus(Duration.ofMinutes(10)).plusMillis(1);
        assertNotNull(schedule.onCrash(later, SHORT_RUN));
        assertEquals(2, schedule.recentRestarts());
        assertNull(schedule.onCrash(later.plusSeconds(1), SHORT_RUN));
    }

    @Test
    void aRunLongerThanStableAfterStartsTheDoublingAgain() {
        RestartSchedule schedule = schedule(100);
        assertEquals(List.of(0L, 1000L, 2000L), delaysInMillis(schedule, 3));

        assertEquals(Duration.ZERO, crash(schedule, Duration.ofSeconds(10)));
        assertEquals(Duration.ofSeconds(1), crash(schedule, SHORT_RUN));
    }

    @Test
    void aRunJustShorterThanStableAfterKeepsDoubling() {
        RestartSchedule schedule = schedule(100);
        delaysInMillis(schedule, 3);

        assertEquals(Duration.ofSeconds(4), crash(schedule, Duration.ofSeconds(10).minusMillis(1)));
    }

    @Test
    void aStableRunDoesNotLiftTheLimitWithinTheWindow() {
        RestartSchedule schedule = schedule(2);
        crash(schedule, SHORT_RUN);
        crash(schedule, SHORT_RUN);

        assertNull(crash(schedule, Duration.ofSeconds(30)));
    }

    @Test
    void resetForgetsEveryEarlierCrash() {
        RestartSchedule schedule = schedule(2);
        crash(schedule, SHORT_RUN);
        crash(schedule, SHORT_RUN);
        assertNull(crash(schedule, SHORT_RUN));

        schedule.reset();

        assertEquals(0, schedule.recentRestarts());
        assertEquals(Duration.ZERO, crash(schedule, SHORT_RUN));
        assertEquals(Duration.ofSeconds(1), crash(schedule, SHORT_RUN));
    }
}
