package dev.vigil.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlotBatchTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final AtomicInteger handedToPool = new AtomicInteger();
    private final Executor pool = task -> {
        handedToPool.incrementAndGet();
        task.run();
    };
    private final SlotBatch batch = new SlotBatch(timer, pool, Runnable::run);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    /** Hands the runs to the batch from the timer thread, as the runners do when they are due, and waits for them. */
    private void dueTogether(Runnable... runs) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        timer.execute(() -> {
            for (Runnable r : runs) {
                batch.execute(r);
            }
            timer.execute(done::countDown); // behind the batch's closing task, queued by the first run
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    @Test
    void runsDueInOneWakeUpReachThePoolAsOneTask() throws Exception {
        dueTogether(() -> ran.add("a"), () -> ran.add("b"), () -> ran.add("c"));
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals(1, handedToPool.get());

        dueTogether(() -> ran.add("d"));
        assertEquals(List.of("a", "b", "c", "d"), ran);
        assertEquals(2, handedToPool.get());
    }

    @Test
    void aFailingRunDoesNotCostTheOthersOfItsBatchTheirTurn() throws Exception {
        dueTogether(() -> ran.add("a"), () -> {
            throw new IllegalStateException("a check type's bug");
        }, () -> ran.add("c"));
        assertEquals(List.of("a", "c"), ran);
    }
}
