package dev.vigil.monitor.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How late checks start against their schedule, over the last {@link #SIZE} runs, and how
 * many ran or were skipped. Recording is a lock-free write into a ring; percentiles are
 * computed on demand.
 */
final class Lateness {
    static final int SIZE = 16_384;

    private final long[] ring = new long[SIZE];
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    void record(long lateMicros) {
        long n = count.getAndIncrement();
        ring[(int) (n % SIZE)] = lateMicros;
    }

    /** Runs that were due while the one before was still going, and so did not happen. */
    void skipped(long runs) {
        skipped.addAndGet(runs);
    }

    Map<String, Number> snapshot() {
        long n = count.get();
        int size = (int) Math.min(n, SIZE);
        long[] copy = Arrays.copyOf(ring, size);
        Arrays.sort(copy);
        Map<String, Number> out = new LinkedHashMap<>();
        out.put("checksRun", n);
        out.put("checksSkipped", skipped.get());
        out.put("latenessP50Ms", size == 0 ? 0.0 : copy[(int) (size * 0.50)] / 1000.0);
        out.put("latenessP99Ms", size == 0 ? 0.0 : copy[Math.min(size - 1, (int) (size * 0.99))] / 1000.0);
        out.put("latenessMaxMs", size == 0 ? 0.0 : copy[size - 1] / 1000.0);
        out.put("window", size);
        return out;
    }
}
