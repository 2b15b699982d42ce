package dev.vigil.monitor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the dispatch pool, as one task, the runs the timer passes on in one wake-up: the checks
 * due in a slot then wake one dispatcher once. Handed over one by one, each woke a dispatcher,
 * and a queue of two woke both (bench/footprint.sh: the wake-ups were most of the monitor's
 * CPU). The batch is closed by a task of the timer's own, queued behind those already due.
 * The runs of a batch go one after the other: a check type only starts its check there and
 * answers asynchronously.
 */
final class SlotBatch implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SlotBatch.class);

    private final ScheduledExecutorService timer;
    private final Executor pool;
    private final Consumer<Runnable> around;
    // Guarded by this.
    private List<Runnable> pending = new ArrayList<>();

    /** {@code around} runs each batch on the dispatcher ({@link Observers#holding}: its results wake the observers once). */
    SlotBatch(ScheduledExecutorService timer, Executor pool, Consumer<Runnable> around) {
        this.timer = timer;
        this.pool = pool;
        this.around = around;
    }

    /** Queues the run into the batch open now; the first one of a batch asks the timer to close it. */
    @Override
    public void execute(Runnable run) {
        boolean first;
        synchronized (this) {
            first = pending.isEmpty();
            pending.add(run);
        }
        if (first) {
            timer.execute(this::close);
        }
    }

    private void close() {
        List<Runnable> runs;
        synchronized (this) {
            runs = pending;
            pending = new ArrayList<>();
        }
        pool.execute(() -> around.accept(() -> runs.forEach(SlotBatch::runOne)));
    }

    private static void runOne(Runnable run) {
        try {
            run.run();
        } catch (RuntimeException | LinkageError e) {
            // One run's bug must not cost the others of its slot their turn.
            LOG.warn("A check run failed: {}", e.toString(), e);
        }
    }
}
