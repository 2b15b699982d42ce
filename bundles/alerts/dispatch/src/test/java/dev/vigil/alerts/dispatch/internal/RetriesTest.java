package dev.vigil.alerts.dispatch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetriesTest {
    @Test
    void eachWaitDoublesUpToTheMaximumAndTheAttemptsAreBounded() {
        Retries r = new Retries(8, Duration.ofSeconds(1), Duration.ofSeconds(30));

        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), IntStream.rangeClosed(1, 7)
                .mapToObj(n -> r.after(n).toSeconds()).toList());
        assertEquals(Duration.ofSeconds(91), r.total());
        assertEquals(Duration.ofSeconds(31), Retries.DEFAULT.total());
        assertThrows(IllegalArgumentException.class, () -> new Retries(0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}
