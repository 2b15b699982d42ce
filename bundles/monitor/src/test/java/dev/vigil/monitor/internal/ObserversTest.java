package dev.vigil.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObserversTest {
    private final Observers observers = new Observers();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        observers.stop();
    }

    private static CheckResult up() {
        return new CheckResult(HealthStatus.UP, "ok", Duration.ZERO, Instant.now());
    }

    private CountDownLatch expect(int results) {
        CountDownLatch latch = new CountDownLatch(results);
        observers.add((service, check, type, result) -> {
            seen.add(service);
            latch.countDown();
        });
        observers.start();
        return latch;
    }

    @Test
    void eachResultReachesTheObservers() throws Exception {
        CountDownLatch latch = expect(2);
        observers.tell("a", "tcp", "tcp", up());
        observers.tell("b", "tcp", "tcp", up());
        assertTrue(latch.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void resultsToldWhileHoldingReachTheObserversOnceItEnds() throws Exception {
        CountDownLatch latch = expect(3);
        observers.holding(() -> {
            observers.tell("a", "tcp", "tcp", up());
            observers.holding(() -> observers.tell("b", "tcp", "tcp", up())); // nested: still held
            observers.tell("c", "tcp", "tcp", up());
        });
        assertTrue(latch.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("a", "b", "c"), seen);
    }
}
