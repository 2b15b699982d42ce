package dev.vigil.journal.internal;

import dev.vigil.api.SystemConfig;
import dev.vigil.api.Topics;
import dev.vigil.api.journal.Availability;
import dev.vigil.api.journal.HistoryEvent;
import dev.vigil.api.journal.Journal;
import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.journal.RecoveryScore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal, kept as JSON lines in {@code <vigil.data>/journal.jsonl} (framework property
 * {@code vigil.data}, default {@code data}), owner-only (rw-------).
 * <ul>
 * <li>{@link #record} appends a recovery attempt and forces it to disk before it returns; history
 *     events (from the EventAdmin topics in {@link HistoryEvents}, and {@link #append}) are queued
 *     and written in batches by the journal's own thread, so an event handler never waits on the
 *     disk. A write that fails is logged once and shown as a notice in {@code vigil status} until
 *     writing succeeds again; what it held is kept in memory only.</li>
 * <li>On activation every kept file is read back, on a thread of its own (see {@link #openInBackground}). A line that is not an entry (a torn last line
 *     after a kill -9, garbage) is skipped with a WARN and never throws; an append after a torn
 *     last line starts on a new line.</li>
 * <li>{@code system.history} sets the rotation: before a line would take the file past maxSize it
 *     becomes {@code journal.jsonl.1}, older ones shift up, those past {@code files} are deleted,
 *     and so is a rotated file older than {@code keep}: what they held is no longer listed or scored.</li>
 * <li>The last {@value #IN_MEMORY} attempts and {@value #HISTORY_IN_MEMORY} events are kept in memory;
 *     scores are made from those, and history reaching further back is read from the files.</li>
 * </ul>
 * Thread-safe: every method holds the journal's lock, but for the writer's waits.
 */
@Component(service = {Journal.class, EventHandler.class}, immediate = true, property = {
    EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_STATE,
    EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_EXITED,
    EventConstants.EVENT_TOPIC + "=" + Topics.HEALTH_CHANGED,
    EventConstants.EVENT_TOPIC + "=" + Topics.PORT_REASSIGNED,
    EventConstants.EVENT_TOPIC + "=" + Topics.CONFIG_LOADED,
    EventConstants.EVENT_TOPIC + "=" + Topics.CONFIG_FALLBACK,
    EventConstants.EVENT_TOPIC + "=" + Topics.CONFIG_REJECTED
})
public final class JsonLinesJournal implements Journal, EventHandler {
    static final int IN_MEMORY = 10_000;
    static final int HISTORY_IN_MEMORY = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesJournal.class);

    private final Clock clock;
    private final Deque<RecoveryRecord> records = new ArrayDeque<>();
    private final Deque<HistoryEvent> events = new ArrayDeque<>();
    /** What each file holds, by generation (0 = journal.jsonl), to know what a deletion drops. */
    private final Generations generations = new Generations();
    private JournalFile file;
    private Retention retention = Retention.DEFAULT;
    private HistoryWriter writer;
    /** Whether the files have been read back; until then events wait in {@link #early}. */
    private volatile boolean read;
    private final List<HistoryEvent> early = new ArrayList<>();
    private JournalNotices notices = JournalNotices.NONE;

    public JsonLinesJournal() {
        this.clock = Clock.systemUTC();
    }

    /** For tests: a journal file and a size limit of their choosing, with three rotations. */
    JsonLinesJournal(Path file, long maxBytes) {
        this(file, new Retention(maxBytes, 3, Retention.DEFAULT.keep()), Clock.systemUTC());
    }

    /** For tests: a journal file, a retention and a clock of their choosing. */
    JsonLinesJournal(Path file, Retention retention, Clock clock) {
        this.clock = clock;
        this.retention = retention;
        synchronized (this) {
            open(file);
            read = true;
        }
        writer = new HistoryWriter(this, file);
        writer.start();
    }

    /** For tests: a journal to be opened by {@link #openInBackground}, as activation does. */
    JsonLinesJournal(Retention retention, Clock clock) {
        this.clock = clock;
        this.retention = retention;
    }

    @Activate
    void activate(BundleContext context) throws InterruptedException {
        notices = new JournalNotices(context);
        String data = context.getProperty("vigil.data");
        openInBackground(Path.of(data == null ? "data" : data).resolve("journal.jsonl"));
    }

    /**
     * Opens the journal and reads it back on a thread of its own, so that the daemon's start
     * does not wait for it (the supervisor launches meanwhile). The reader holds the journal's
     * lock from before this returns until it is done: a query, a recovery attempt or the
     * writer waits for it. Events handed over meanwhile are held apart, never waiting (an
     * EventAdmin handler that blocks is blacklisted), and kept once the journal is read.
     */
    void openInBackground(Path path) throws InterruptedException {
        // Its writes wait on the lock; it has nothing to write before the files are read.
        writer = new HistoryWriter(this, path);
        writer.start();
        CountDownLatch locked = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            synchronized (this) {
                locked.countDown();
                try {
                    open(path);
                } finally {
                    takeEarlyEvents();
                }
            }
        }, "vigil-journal-read");
        reader.setDaemon(true);
        reader.start();
        locked.await();
    }

    // Must hold the lock.
    private void takeEarlyEvents() {
        synchronized (early) {
            early.forEach(this::appendNow);
            early.clear();
            read = true;
        }
    }

    @Deactivate
    void deactivate() {
        writer.stop();
        synchronized (this) {
            file.close();
        }
        notices.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "configUpdated")
    void bindConfig(SystemConfig config) {
        retention(Retention.of(config.history()));
    }

    void configUpdated(SystemConfig config) {
        retention(Retention.of(config.history()));
    }

    void unbindConfig(SystemConfig config) {
        // The last settings stay in force until another config arrives.
    }

    /** New rotation settings: the size at once, the count at the next rotation, the age now. */
    synchronized void retention(Retention next) {
        if (!next.equals(retention)) {
            LOG.info("History: rotated at {} bytes, {} files kept, for {}", next.maxBytes(), next.files(), next.keep());
        }
        retention = next;
        if (file != null) {
            file.maxBytes(next.maxBytes());
            expire();
        }
    }

    private void open(Path path) {
        synchronized (this) {
            file = new JournalFile(path, retention.maxBytes());
            expire();
            for (int g = file.oldest(); g >= 0; g--) {
                int[] held = new int[2];
                file.read(g, entry -> {
                    if (entry instanceof RecoveryRecord r) {
                        held[0]++;
                        remember(r);
                        HistoryEvent h = HistoryEvents.of(r); // as record() keeps it, so a restart lists it too
                        if (h != null) {
                            held[1]++;
                            remember(h);
                        }
                    } else if (entry instanceof HistoryEvent e) {
                        held[1]++;
                        remember(e);
                    }
                }, true);
                generations.opened(g, held[0], held[1]);
            }
        }
    }

    @Override
    public void record(RecoveryRecord given) {
        RecoveryRecord attempt = RecoveryLine.asKept(Objects.requireNonNull(given, "attempt"));
        String line = RecoveryLine.format(attempt);
        synchronized (this) {
            try {
                write(line);
                file.force();
            } catch (IOException e) {
                LOG.error("Could not write to the journal {} ({}); the {} recovery of service {} counts until the "
                        + "daemon stops", file.path(0), e.toString(), attempt.strategy(), attempt.service());
            }
            HistoryEvent h = HistoryEvents.of(attempt);
            // One the file refused counts as if in the current file; its history event is on the same line.
            generations.added(0, 1, h == null ? 0 : 1);
            remember(attempt);
            if (h != null) {
                remember(h);
            }
        }
    }

    @Override
    public void append(HistoryEvent event) {
        Objects.requireNonNull(event, "event");
        if (!read) {
            synchronized (early) {
                if (!read) {
                    early.add(event);
                    return;
                }
            }
        }
        appendNow(event);
    }

    private void appendNow(HistoryEvent event) {
        String line = EventLine.format(event);
        synchronized (this) {
            remember(event);
            if (!writer.offer(line)) {
                generations.added(0, 0, 1); // counted as if written, so rotations stay in step
            }
        }
    }

    @Override
    public void handleEvent(Event event) {
        HistoryEvent h = HistoryEvents.of(event, clock.instant());
        if (h != null) {
            append(h);
        }
    }

    /** Writes queued history lines (the writer's thread), forcing them to disk once for the batch. */
    synchronized void writeEvents(List<String> lines) throws IOException {
        int done = 0;
        try {
            for (String line : lines) {
                write(line);
                generations.added(0, 0, 1); // after the line's rotation, if it caused one
                done++;
            }
            file.force();
        } finally {
            generations.added(0, 0, lines.size() - done); // refused ones count as if written, as above
        }
    }

    /** Appends one line, rotating first when it would not fit. */
    private void write(String line) throws IOException {
        if (file.full(line)) {
            int files = retention.files();
            file.rotate(files);
            drop(generations.rotated(files));
            expire();
        }
        file.append(line);
    }

    /** Deletes the rotated files older than the retention, and forgets what they held. */
    synchronized void expire() {
        int lowest = file.deleteOlderThan(clock.instant().minus(retention.keep()));
        if (lowest > 0) {
            LOG.info("History: deleted journal files {} and older, past the {} kept", file.path(lowest), retention.keep());
            drop(generations.deleted(lowest));
        }
    }

    private void drop(Generations.Dropped dropped) {
        for (int i = dropped.recoveries(); i > 0 && !records.isEmpty(); i--) {
            records.removeFirst();
        }
        for (int i = dropped.events(); i > 0 && !events.isEmpty(); i--) {
            events.removeFirst();
        }
    }

    @Override
    public synchronized List<RecoveryRecord> recoveries(String service, int limit) {
        List<RecoveryRecord> out = new ArrayList<>();
        for (Iterator<RecoveryRecord> it = records.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            RecoveryRecord r = it.next();
            if (service == null || service.equals(r.service())) {
                out.add(r);
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    @Override
    public synchronized List<RecoveryScore> byService() {
        return RecoveryScores.score(records, RecoveryRecord::service);
    }

    @Override
    public synchronized List<RecoveryScore> byStrategy(String service) {
        return RecoveryScores.score(records.stream().filter(r -> service == null || service.equals(r.service()))
                .toList(), RecoveryRecord::strategy);
    }

    @Override
    public List<HistoryEvent> history(String service, Instant since, int limit) {
        Predicate<HistoryEvent> wanted = e -> (service == null || service.equals(e.service()))
                && (since == null || !e.when().isBefore(since));
        Deque<HistoryEvent> newest = new ArrayDeque<>();
        Consumer<HistoryEvent> keep = e -> {
            if (limit > 0 && wanted.test(e)) {
                newest.addLast(e);
                if (newest.size() > limit) {
                    newest.removeFirst();
                }
            }
        };
        synchronized (this) {
            boolean inMemory = generations.nothingEvicted()
                    || since != null && !events.isEmpty() && !events.peekFirst().when().isAfter(since);
            if (inMemory) {
                events.forEach(keep);
            } else {
                scan(keep);
            }
        }
        List<HistoryEvent> out = new ArrayList<>(newest);
        out.sort(Comparator.comparing(HistoryEvent::when));
        return out;
    }

    @Override
    public Availability availability(String service, Instant since, Instant until) {
        Objects.requireNonNull(service, "service");
        AvailabilityFigures figures = new AvailabilityFigures(service, since, until);
        List<HistoryEvent> theirs = new ArrayList<>();
        Consumer<HistoryEvent> keep = e -> {
            if (service.equals(e.service()) && !e.when().isAfter(until)) {
                theirs.add(e);
            }
        };
        synchronized (this) {
            events.forEach(keep);
            boolean began = theirs.stream().anyMatch(e -> e.when().isBefore(since));
            if (!generations.nothingEvicted() && !began) {
                theirs.clear();
                scan(keep);
            }
        }
        theirs.sort(Comparator.comparing(HistoryEvent::when));
        theirs.forEach(figures::accept);
        return figures.result();
    }

    /** Every history event the files hold, oldest first (a recovery attempt's included). */
    private void scan(Consumer<HistoryEvent> sink) {
        for (int g = file.oldest(); g >= 0; g--) {
            file.read(g, entry -> {
                HistoryEvent e = entry instanceof HistoryEvent h ? h
                        : entry instanceof RecoveryRecord r ? HistoryEvents.of(r) : null;
                if (e != null) {
                    sink.accept(e);
                }
            }, false);
        }
    }

    /** What an operator must know about the journal now (a write that failed), one line each. */
    List<String> notices() {
        return writer.notices();
    }

    /** Publishes the writer's notices where {@code vigil status} finds them. */
    void publish(List<String> current) {
        notices.publish(current);
    }

    private void remember(RecoveryRecord r) {
        records.addLast(r);
        if (records.size() > IN_MEMORY) {
            records.removeFirst();
            generations.evictedRecovery();
        }
    }

    private void remember(HistoryEvent e) {
        events.addLast(e);
        if (events.size() > HISTORY_IN_MEMORY) {
            events.removeFirst();
            generations.evictedEvent();
        }
    }
}
