package dev.vigil.metrics.internal;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Map;

/**
 * The health scheduler's own figures ({@code HealthMonitor.stats()}, what {@code vigil:monitor}
 * prints): how many checks ran or were skipped, and how late they started against schedule.
 */
final class MonitorFigures {
    private MonitorFigures() {
    }

    static List<MetricSnapshot> of(Map<String, Number> stats) {
        Family run = Family.counter("vigil_monitor_checks_run", "Check runs started by the health monitor");
        Family skipped = Family.counter("vigil_monitor_checks_skipped",
                "Check runs skipped because the previous run of the same check was still going");
        Family configured = Family.gauge("vigil_monitor_checks", "Checks the health monitor runs, the daemon's own included");
        Family late = Family.gauge("vigil_monitor_lateness_seconds",
                "How late check runs started against their schedule, over the recent runs (stat p50, p99, max)", Unit.SECONDS);
        Family dropped = Family.counter("vigil_monitor_observer_dropped",
                "Check results not handed to observers (these metrics among them) because they were far behind");
        point(run, stats.get("checksRun"), 1);
        point(skipped, stats.get("checksSkipped"), 1);
        point(configured, stats.get("checksConfigured"), 1);
        point(dropped, stats.get("observerDropped"), 1);
        point(late, stats.get("latenessP50Ms"), 1e-3, "stat", "p50");
        point(late, stats.get("latenessP99Ms"), 1e-3, "stat", "p99");
        point(late, stats.get("latenessMaxMs"), 1e-3, "stat", "max");
        return List.of(run.build(), skipped.build(), configured.build(), late.build(), dropped.build());
    }

    /** A figure the monitor does not give (an older monitor) is left out rather than shown as 0. */
    private static void point(Family f, Number value, double scale, String... labels) {
        if (value != null) {
            f.point(value.doubleValue() * scale, labels);
        }
    }
}
