package dev.vigil.alerts.dispatch.internal;

import dev.vigil.api.alert.Alert;
import dev.vigil.api.alert.AlertSink;
import dev.vigil.api.alert.AlertSpec;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts waiting for one configured sink, and the thread that sends them, in order, one
 * at a time. A failed send is retried with backoff ({@link Retries}) while the later alerts
 * wait behind it; a slow or failing sink so delays only its own alerts, never another sink's,
 * and never the one who offered the alert.
 */
final class SinkQueue {
    /** What becomes of the sends, for the notices. */
    interface Outcomes {
        void delivered(String sink);

        void droppedAfterRetries(String sink, Alert alert, int attempts, String why);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SinkQueue.class);
    /** Far more than incidents arrive; beyond it the newest are dropped, with a log line. */
    private static final int CAPACITY = 1000;

    private final String name;
    private volatile AlertSpec spec;
    private final Function<String, AlertSink> sinks;
    private final Retries retries;
    private final Outcomes outcomes;
    private final LinkedBlockingQueue<Alert> queue = new LinkedBlockingQueue<>(CAPACITY);
    /** When each firing incident was last delivered here, for sinks that want it repeated. */
    private final Map<String, Instant> firingDelivered = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /** @param sinks finds the installed sink of a type, or null */
    SinkQueue(AlertSpec spec, Function<String, AlertSink> sinks, Retries retries, Outcomes outcomes) {
        this.name = spec.name();
        this.spec = spec;
        this.sinks = sinks;
        this.retries = retries;
        this.outcomes = outcomes;
        this.thread = new Thread(this::run, "vigil-alert-sink-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    AlertSpec spec() {
        return spec;
    }

    /** A changed config's settings for this sink, used from the next send on. */
    void update(AlertSpec next) {
        spec = next;
    }

    /** Queues an alert; returns at once. */
    void offer(Alert alert) {
        if (!queue.offer(alert)) {
            LOG.error("Alert sink {}: {} alerts are waiting already; dropped {} ({})", name, CAPACITY, alert.incident(),
                    alert.summary());
        }
    }

    /** When the firing alert of {@code incident} was last delivered here, or null (never, or not pending any more). */
    Instant firingDeliveredAt(String incident) {
        return firingDelivered.get(incident);
    }

    boolean pending(String incident) {
        return queue.stream().anyMatch(a -> a.incident().equals(incident));
    }

    /** Stops the thread; alerts still waiting are dropped (the sink left the config). */
    void close() {
        closed = true;
        thread.interrupt();
        if (!queue.isEmpty()) {
            LOG.warn("Alert sink {} left the config; {} alerts waiting for it dropped", name, queue.size());
        }
    }

    private void run() {
        while (!closed) {
            Alert a;
            try {
                a = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (!deliver(a)) {
                return;
            }
        }
    }

    /** Sends with retries; false when interrupted by {@link #close()}. */
    private boolean deliver(Alert a) {
        String last = "";
        for (int attempt = 1; attempt <= retries.attempts(); attempt++) {
            AlertSpec s = spec;
            AlertSink sink = sinks.apply(s.type());
            try {
                if (sink == null) {
                    throw new IllegalStateException("no alert sink type \"" + s.type() + "\" is installed; drop its"
                            + " bundle into deploy/");
                }
                sink.send(a, s);
                if (a.status() == Alert.Status.FIRING) {
                    firingDelivered.put(a.incident(), Instant.now());
                } else {
                    firingDelivered.remove(a.incident());
                }
                if (attempt > 1) {
                    LOG.info("Alert sink {}: {} {} delivered at attempt {}", name, a.status().label(), a.incident(),
                            attempt);
                }
                outcomes.delivered(name);
                return true;
            } catch (InterruptedException e) {
                return false;
            } catch (Exception e) {
                last = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            if (closed) {
                return false;
            }
            if (attempt < retries.attempts()) {
                LOG.warn("Alert sink {}: could not send {} {} (attempt {} of {}): {}; trying again in {} ms", name,
                        a.status().label(), a.incident(), attempt, retries.attempts(), last,
                        retries.after(attempt).toMillis());
                try {
                    Thread.sleep(retries.after(attempt).toMillis());
                } catch (InterruptedException e) {
                    return false;
                }
            }
        }
        LOG.error("Alert sink {}: gave up on {} {} after {} attempts: {}", name, a.status().label(), a.incident(),
                retries.attempts(), last);
        outcomes.droppedAfterRetries(name, a, retries.attempts(), last);
        return true;
    }
}
