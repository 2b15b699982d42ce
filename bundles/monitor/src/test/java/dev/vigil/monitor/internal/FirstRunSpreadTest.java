package dev.vigil.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where first runs fall: spread, but over no more slots of the grid than the checks fill. */
class FirstRunSpreadTest {
    /** How many checks fall in each grid slot of a second, when COUNT checks of 1 s start together. */
    private static Map<Long, Integer> slotsOf(int count) {
        Map<Long, Integer> bySlot = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Duration first = ServiceMonitor.spread(String.format("svc-%03d/tcp", i), Duration.ofSeconds(1), count);
            assertTrue(!first.isNegative() && first.compareTo(Duration.ofSeconds(1)) < 0, first.toString());
            bySlot.merge(CheckRunner.onGrid(first.toNanos()), 1, Integer::sum);
        }
        return bySlot;
    }

    @Test
    void fiftyChecksShareAFewSlotsAndAThousandUseThemAll() {
        Map<Long, Integer> fifty = slotsOf(50);
        assertTrue(fifty.size() <= 7, fifty.toString());
        assertTrue(fifty.size() >= 4, "still spread: " + fifty);
        Map<Long, Integer> thousand = slotsOf(1000);
        assertEquals(20, thousand.size(), "every slot of the second: " + thousand.keySet());
        assertTrue(thousand.values().stream().allMatch(n -> n < 100), "none crowded: " + thousand);
        assertEquals(1, slotsOf(3).size(), "a few checks, one wake-up a second");
    }

    @Test
    void aLoneCheckDoesNotRunAtOnceWhateverItsInterval() {
        int atOnce = 0;
        for (int seconds = 1; seconds <= 60; seconds++) {
            Duration interval = Duration.ofSeconds(seconds);
            Duration first = ServiceMonitor.spread("db/tcp", interval, 2);
            assertTrue(!first.isNegative() && !first.isZero() && first.compareTo(interval) < 0, interval + ": " + first);
            if (first.toMillis() < 50) {
                atOnce++;
            }
        }
        // The phase was once a multiple of the interval modulo a divisor of it: 0 for every one.
        assertTrue(atOnce <= 5, atOnce + " of 60 intervals put the first run in the first slot");
        assertTrue(ServiceMonitor.spread("api/scripted", Duration.ofHours(1), 2).toSeconds() >= 1,
                "a check of an hour waits its turn");
    }
}
