package dev.vigil.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartWavesTest {
    private static List<List<String>> waves(Map<String, List<String>> inStartOrder) {
        return StartWaves.of(List.copyOf(inStartOrder.keySet()), n -> n, inStartOrder::get);
    }

    @Test
    void whatDependsOnNothingHereGoesFirstAndEachDependentAfterAllItDependsOn() {
        Map<String, List<String>> config = new java.util.LinkedHashMap<>();
        config.put("db", List.of());
        config.put("cache", List.of());
        config.put("web#1", List.of("db"));
        config.put("web#2", List.of("db"));
        config.put("api", List.of("web", "cache"));
        config.put("batch", List.of("running-elsewhere"));
        config.put("report", List.of("api", "db"));
        assertEquals(List.of(List.of("db", "cache", "batch"), List.of("web#1", "web#2"), List.of("api"),
                List.of("report")), waves(config));
    }

    @Test
    void aWaveRunsSideBySideAndReturnsOnlyWhenEveryStartHas() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            names.add("svc-" + i);
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch fourIn = new CountDownLatch(StartWaves.LAUNCHERS);
        StartWavesTest.<String>together(names, n -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            fourIn.countDown();
            try {
                fourIn.await(10, TimeUnit.SECONDS); // the first four meet: they ran at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            done.add(n);
        });
        assertEquals(12, done.size());
        assertEquals(StartWaves.LAUNCHERS, most.get());
    }

    private static <T> void together(List<T> items, java.util.function.Consumer<T> start) {
        StartWaves.together(items, start, Object::toString);
    }
}
