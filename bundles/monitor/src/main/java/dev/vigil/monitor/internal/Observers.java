package dev.vigil.monitor.internal;

import dev.vigil.api.check.CheckObserver;
import dev.vigil.api.check.CheckResult;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every check result to the {@link CheckObserver}s on one thread of its own, so that
 * no observer ever runs on a check's or the scheduler's thread: {@link #tell} only offers the
 * result to a bounded queue and returns. When the queue is full (observers far behind) the
 * result is dropped and counted, never waited for. The results told during {@link #holding}
 * (the runs of one slot) wake the thread once, at its end, not once each.
 */
final class Observers {
    static final int QUEUE = 8_192;
    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    private record Told(String service, String check, String type, CheckResult result) {
    }

    private final List<CheckObserver> observers = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Told> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    /** Observers that failed once already, logged at DEBUG from then on; read and written by the worker only. */
    private final java.util.Set<CheckObserver> failed = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    private volatile Thread worker;
    /** Set on a thread while it runs a batch: what it tells waits for the batch's end. */
    private final ThreadLocal<boolean[]> held = ThreadLocal.withInitial(() -> new boolean[1]);

    void add(CheckObserver o) {
        observers.add(o);
    }

    void remove(CheckObserver o) {
        observers.remove(o);
    }

    synchronized void start() {
        if (worker != null) {
            return;
        }
        Thread t = new Thread(this::deliver, "vigil-monitor-observers");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    synchronized void stop() {
        Thread t = worker;
        worker = null;
        if (t != null) {
            t.interrupt();
        }
        queue.clear();
    }

    /** Never blocks: with no observer it does nothing, with the queue full it drops the result. */
    void tell(String service, String check, String type, CheckResult result) {
        if (observers.isEmpty() || worker == null) {
            return;
        }
        if (!queue.offer(new Told(service, check, type, result))) {
            dropped.incrementAndGet();
        } else if (!held.get()[0]) {
            wake();
        }
    }

    /** Runs {@code batch}; the results told on this thread meanwhile wake the worker once, after it. */
    void holding(Runnable batch) {
        boolean[] flag = held.get();
        boolean outer = !flag[0];
        flag[0] = true;
        try {
            batch.run();
        } finally {
            if (outer) {
                flag[0] = false;
                if (!queue.isEmpty()) {
                    wake();
                }
            }
        }
    }

    private void wake() {
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Results not handed to the observers because they were too far behind. */
    long dropped() {
        return dropped.get();
    }

    private void deliver() {
        Thread me = Thread.currentThread();
        while (worker == me) {
            Told t = queue.poll();
            if (t == null) {
                // Woken by tell (or holding's end); a result it missed waits a second at most.
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                if (Thread.interrupted()) {
                    return;
                }
                continue;
            }
            for (CheckObserver o : observers) {
                try {
                    o.checked(t.service(), t.check(), t.type(), t.result());
                } catch (RuntimeException | LinkageError e) {
                    // One observer's bug costs it this result only; the others and the checks go on.
                    if (failed.add(o)) {
                        LOG.warn("Check observer {} failed on {}/{} (further failures are logged at DEBUG): {}",
                                o.getClass().getName(), t.service(), t.check(), e.toString());
                    } else {
                        LOG.debug("Check observer {} failed on {}/{}: {}", o.getClass().getName(), t.service(), t.check(), e.toString());
                    }
                }
            }
        }
    }
}
