package dev.vigil.metrics.internal;

import dev.vigil.api.journal.RecoveryRecord;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recovery as the journal has it at this scrape: attempts by service, strategy and outcome,
 * and the time from a failure being seen to the service healthy again. The journal's kept
 * history counts, so the figures survive a restart of the daemon; attempts that rotate out
 * of it stop counting (which Prometheus takes as a counter reset).
 */
final class RecoveryFigures {
    /** Time to recovery, in seconds: a restart takes about one, a repair that waits out a backoff up to minutes. */
    static final double[] BOUNDS = {0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, Double.POSITIVE_INFINITY};

    private RecoveryFigures() {
    }

    static List<MetricSnapshot> of(List<RecoveryRecord> records) {
        Map<List<String>, Integer> attempts = new TreeMap<>(RecoveryFigures::compare);
        Map<List<String>, long[]> buckets = new TreeMap<>(RecoveryFigures::compare);
        Map<List<String>, Double> sums = new TreeMap<>(RecoveryFigures::compare);
        for (RecoveryRecord r : records) {
            String outcome = r.outcome().name().toLowerCase(Locale.ROOT);
            attempts.merge(List.of(r.service(), r.strategy(), outcome), 1, Integer::sum);
            if (r.outcome() == RecoveryRecord.Outcome.RECOVERED) {
                List<String> key = List.of(r.service(), r.strategy());
                double seconds = Math.max(0, Duration.between(r.failedAt(), r.end()).toNanos() / 1e9);
                long[] counts = buckets.computeIfAbsent(key, k -> new long[BOUNDS.length]);
                int i = 0;
                while (seconds > BOUNDS[i]) {
                    i++;
                }
                counts[i]++;
                sums.merge(key, seconds, Double::sum);
            }
        }
        Family total = Family.counter("vigil_recoveries",
                "Recovery attempts in the journal, by service, strategy and outcome (recovered, failed, gave_up, skipped)");
        attempts.forEach((k, n) -> total.point(n, "service", k.get(0), "strategy", k.get(1), "outcome", k.get(2)));
        HistogramSnapshot.Builder seconds = Family.histogram("vigil_recovery_seconds",
                "Time from a failure being seen to the service healthy again, per recovered attempt, by service and strategy");
        buckets.forEach((k, counts) -> seconds.dataPoint(Family.histogramPoint(BOUNDS, counts, sums.get(k),
                "service", k.get(0), "strategy", k.get(1))));
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(total.build());
        out.add(seconds.build());
        return out;
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
