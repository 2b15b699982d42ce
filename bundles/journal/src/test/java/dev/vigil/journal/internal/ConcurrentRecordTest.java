package dev.vigil.journal.internal;

import static dev.vigil.journal.internal.Attempts.numbered;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.journal.RecoveryRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several threads recording at once, across rotations. */
class ConcurrentRecordTest {
    private static final int THREADS = 6;
    private static final int EACH = 40;

    @TempDir
    Path dir;

    @Test
    void nothingIsLostOrInterleaved() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        JsonLinesJournal journal = new JsonLinesJournal(file, 16 * 1024); // rotates twice; every attempt stays in the kept files
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String service = "s" + t;
                done.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    for (int n = 1; n <= EACH; n++) {
                        journal.record(numbered(service, n));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        Set<RecoveryRecord> expected = new HashSet<>();
        for (int t = 0; t < THREADS; t++) {
            for (int n = 1; n <= EACH; n++) {
                expected.add(numbered("s" + t, n));
            }
        }
        List<RecoveryRecord> inMemory = journal.recoveries(null, Integer.MAX_VALUE);
        assertEquals(expected.size(), inMemory.size());
        assertEquals(expected, new HashSet<>(inMemory));
        List<RecoveryRecord> reread = new JsonLinesJournal(file, 16 * 1024).recoveries(null, Integer.MAX_VALUE);
        assertEquals(inMemory, reread, "the files hold the same, in the same order");
        for (int t = 0; t < THREADS; t++) {
            assertEquals(EACH, journal.byStrategy("s" + t).get(0).attempts());
        }
    }
}
