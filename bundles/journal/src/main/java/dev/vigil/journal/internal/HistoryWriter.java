package dev.vigil.journal.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's own thread: takes queued history lines and writes them in batches, so that
 * whoever appends (an EventAdmin handler) never waits on the disk. When the queue is full (the
 * disk is stuck) a line is refused at once; a write that fails is said once, as a log line and
 * a notice, until one succeeds again. Once a minute it deletes what is past the retention.
 */
final class HistoryWriter {
    static final int QUEUE = 10_000;
    private static final int BATCH = 500;
    private static final long EXPIRY_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);
    /** Queued by {@link #stop} to wake the thread; never written (compared by identity). */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String WAKE = new String("wake");

    private final JsonLinesJournal journal;
    private final Path file;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong refused = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    /** The failure in force, or null while writes succeed. */
    private volatile String failure;
    private Instant failedSince;
    private long lostSinceFailure;

    HistoryWriter(JsonLinesJournal journal, Path file) {
        this.journal = journal;
        this.file = file;
        this.thread = new Thread(this::run, "vigil-history-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues one line; false when the queue is full or the writer stopped (the line is not written). */
    boolean offer(String line) {
        if (running && queue.offer(line)) {
            return true;
        }
        if (refused.getAndIncrement() == 0) {
            LOG.error("History: the journal {} is not keeping up ({} events queued); events are kept in memory "
                    + "only until it does", file, QUEUE);
        }
        return false;
    }

    /**
     * Writes what is queued, then stops the thread. It is woken by a line of its queue, not by an
     * interrupt: an interrupt closes the file's channel under a write in progress, and every write after it fails.
     */
    void stop() {
        running = false;
        queue.offer(WAKE); // when the queue is full the thread is not waiting anyway
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line per problem in force: a failing write, events the queue refused. */
    List<String> notices() {
        List<String> out = new ArrayList<>();
        String f = failure;
        if (f != null) {
            out.add(f);
        }
        if (refused.get() > 0) {
            out.add("History: events could not be queued for " + file + " (the disk is not keeping up); "
                    + "some are in memory only");
        }
        return out;
    }

    private void run() {
        List<String> batch = new ArrayList<>();
        long nextExpiry = System.currentTimeMillis() + EXPIRY_MILLIS;
        while (running || !queue.isEmpty()) {
            try {
                String first = running ? queue.poll(1, TimeUnit.SECONDS) : queue.poll();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    batch.removeIf(line -> line == WAKE);
                    if (!batch.isEmpty()) {
                        write(batch);
                    }
                    batch.clear();
                }
            } catch (InterruptedException e) {
                // Not how stop() asks (see there); the loop goes on until it is stopped.
            }
            if (System.currentTimeMillis() >= nextExpiry) {
                nextExpiry = System.currentTimeMillis() + EXPIRY_MILLIS;
                journal.expire();
            }
        }
    }

    private void write(List<String> batch) {
        List<String> before = notices();
        try {
            journal.writeEvents(batch);
            if (failure != null) {
                LOG.info("History: writing to {} again; {} events written meanwhile are in memory only", file,
                        lostSinceFailure);
                failure = null;
            }
            long r = refused.getAndSet(0);
            if (r > 0) {
                LOG.info("History: the journal {} keeps up again; {} events were in memory only", file, r);
            }
        } catch (IOException | RuntimeException e) {
            if (failure == null) {
                lostSinceFailure = 0;
                failedSince = Instant.now();
                LOG.error("History: could not write to {} ({}); events are kept in memory only until writing "
                        + "succeeds again", file, e.toString());
            }
            lostSinceFailure += batch.size();
            failure = "History: could not write to " + file + " since " + failedSince + " (" + e.getMessage()
                    + "); events are kept in memory only until it can. Free space there, or see logs/vigil.log";
        }
        List<String> after = notices();
        if (!after.equals(before)) {
            journal.publish(after);
        }
    }
}
