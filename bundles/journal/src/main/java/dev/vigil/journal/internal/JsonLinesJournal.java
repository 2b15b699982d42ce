package dev.vigil.journal.internal;

import dev.vigil.api.journal.Journal;
import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.journal.RecoveryRecord.Outcome;
import dev.vigil.api.journal.RecoveryScore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal, kept as JSON lines in {@code <vigil.data>/journal.jsonl} (framework property
 * {@code vigil.data}, default {@code data}), owner-only (rw-------).
 * <ul>
 * <li>{@link #record} appends one line and forces it to disk before it returns. If the file
 *     cannot be written the attempt is logged as an ERROR and counted in memory only.</li>
 * <li>On activation every kept file is read back, so history and scores survive a restart. A line
 *     that is not an entry (a torn last line after a kill -9, garbage) is skipped with a WARN and
 *     never throws; lines of a type other than {@code recovery} stay in the file and are ignored.
 *     An append after a torn last line starts on a new line.</li>
 * <li>Before a line would take the file past {@code vigil.journal.maxBytes} (default 8 MiB) it
 *     becomes {@code journal.jsonl.1}, older ones move to {@code .2} and {@code .3}, and the
 *     previous {@code .3} is deleted: its attempts are no longer listed or scored.</li>
 * <li>At most the last {@value #IN_MEMORY} attempts are kept in memory; listings and scores are made
 *     from those only, however many the files hold.</li>
 * </ul>
 * Thread-safe: every method holds the journal's lock.
 */
@Component(service = Journal.class, immediate = true)
public final class JsonLinesJournal implements Journal {
    static final int IN_MEMORY = 10_000;
    static final long DEFAULT_MAX_BYTES = 8L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesJournal.class);

    private final Deque<RecoveryRecord> records = new ArrayDeque<>();
    /** Attempts held by each file, by generation (0 = journal.jsonl), to know what a rotation drops. */
    private final int[] inFile = new int[JournalFile.ROTATIONS + 1];
    private JournalFile file;

    public JsonLinesJournal() {
    }

    /** For tests: a journal file and a size limit of their choosing. */
    JsonLinesJournal(Path file, long maxBytes) {
        open(file, maxBytes);
    }

    @Activate
    void activate(BundleContext context) {
        String data = context.getProperty("vigil.data");
        open(Path.of(data == null ? "data" : data).resolve("journal.jsonl"),
                maxBytes(context.getProperty("vigil.journal.maxBytes")));
    }

    @Deactivate
    synchronized void deactivate() {
        file.close();
    }

    private synchronized void open(Path path, long maxBytes) {
        file = new JournalFile(path, maxBytes);
        for (int g = JournalFile.ROTATIONS; g >= 0; g--) {
            inFile[g] = file.read(g, this::remember);
        }
    }

    @Override
    public synchronized void record(RecoveryRecord attempt) {
        String line = RecoveryLine.format(Objects.requireNonNull(attempt, "attempt"));
        try {
            if (file.full(line)) {
                file.rotate();
                forgetRotatedOut();
            }
            file.append(line);
        } catch (IOException e) {
            LOG.error("Could not write to the journal {} ({}); the {} recovery of service {} counts until the "
                    + "daemon stops", file.path(0), e.toString(), attempt.strategy(), attempt.service());
        }
        inFile[0]++; // one the file refused counts as if in the current file, so rotations stay in step
        remember(attempt);
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
        Collections.reverse(out);
        return out;
    }

    @Override
    public synchronized List<RecoveryScore> byService() {
        return score(records, RecoveryRecord::service);
    }

    @Override
    public synchronized List<RecoveryScore> byStrategy(String service) {
        return score(records.stream().filter(r -> service == null || service.equals(r.service())).toList(),
                RecoveryRecord::strategy);
    }

    private void remember(RecoveryRecord r) {
        records.addLast(r);
        if (records.size() > IN_MEMORY) {
            records.removeFirst();
        }
    }

    /** The oldest file was deleted: its attempts stop counting, those not already out of memory. */
    private void forgetRotatedOut() {
        int notInMemory = Arrays.stream(inFile).sum() - records.size();
        for (int i = inFile[JournalFile.ROTATIONS] - notInMemory; i > 0; i--) {
            records.removeFirst();
        }
        System.arraycopy(inFile, 0, inFile, 1, JournalFile.ROTATIONS);
        inFile[0] = 0;
    }

    /** One score per subject with attempts (skipped ones are none), by subject name. */
    private static List<RecoveryScore> score(Iterable<RecoveryRecord> records, Function<RecoveryRecord, String> subject) {
        Map<String, List<RecoveryRecord>> bySubject = new TreeMap<>();
        for (RecoveryRecord r : records) {
            if (r.outcome() != Outcome.SKIPPED) {
                bySubject.computeIfAbsent(subject.apply(r), s -> new ArrayList<>()).add(r);
            }
        }
        List<RecoveryScore> out = new ArrayList<>();
        bySubject.forEach((name, attempts) -> {
            List<Duration> times = attempts.stream().filter(r -> r.outcome() == Outcome.RECOVERED)
                    .map(r -> Duration.between(r.failedAt(), r.end())).toList();
            Duration mean = times.isEmpty() ? null
                    : times.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(times.size());
            out.add(new RecoveryScore(name, attempts.size(), times.size(), mean));
        });
        return out;
    }

    private static long maxBytes(String value) {
        if (value == null) {
            return DEFAULT_MAX_BYTES;
        }
        try {
            long bytes = Long.parseLong(value.trim());
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("vigil.journal.maxBytes: expected a positive number of bytes, found \"{}\"; using {}",
                value, DEFAULT_MAX_BYTES);
        return DEFAULT_MAX_BYTES;
    }
}
