package dev.vigil.metrics.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckResult;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Set;

/**
 * Figures of every check run, fed as each ends: how long it took (a histogram) and whether it
 * failed (a counter), by service and check. Thread-safe, as the client library's metrics are.
 */
final class CheckFigures {
    /** Seconds: a local check answers in about a millisecond, a timeout is a second or a few. */
    static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Histogram duration;
    private final Counter failures;

    CheckFigures(PrometheusRegistry registry) {
        duration = Histogram.builder().name("vigil_check_duration_seconds")
                .help("How long each check run took, by service and check")
                .unit(Unit.SECONDS).labelNames("service", "check")
                .classicOnly().classicUpperBounds(BOUNDS).withoutExemplars().register(registry);
        failures = Counter.builder().name("vigil_check_failures_total")
                .help("Check runs that failed (DOWN: refused, a wrong answer, timed out), by service and check")
                .labelNames("service", "check").withoutExemplars().register(registry);
    }

    void record(String service, String check, CheckResult result) {
        duration.labelValues(service, check).observe(result.latency().toNanos() / 1e9);
        if (result.status() == HealthStatus.DOWN) {
            failures.labelValues(service, check).inc();
        } else {
            failures.initLabelValues(service, check); // a series at 0 from the first run, so rate() works
        }
    }

    /** Forgets the checks not among {@code current} (service, check): a service or check removed from the config. */
    void keepOnly(Set<List<String>> current) {
        duration.removeIf(labels -> !current.contains(labels));
        failures.removeIf(labels -> !current.contains(labels));
    }
}
