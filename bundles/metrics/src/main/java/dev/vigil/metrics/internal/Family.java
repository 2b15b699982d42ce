package dev.vigil.metrics.internal;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * One metric family read at scrape time, as the client library's snapshot types: this only
 * gathers points, the library names, validates and writes them.
 */
final class Family {
    private enum Kind { GAUGE, COUNTER }

    private final Kind kind;
    private final GaugeSnapshot.Builder gauge;
    private final CounterSnapshot.Builder counter;

    private Family(Kind kind, String name, String help, Unit unit) {
        this.kind = kind;
        if (kind == Kind.GAUGE) {
            gauge = GaugeSnapshot.builder().name(name).help(help);
            counter = null;
            if (unit != null) {
                gauge.unit(unit);
            }
        } else {
            counter = CounterSnapshot.builder().name(name).help(help);
            gauge = null;
            if (unit != null) {
                counter.unit(unit);
            }
        }
    }

    static Family gauge(String name, String help) {
        return new Family(Kind.GAUGE, name, help, null);
    }

    static Family gauge(String name, String help, Unit unit) {
        return new Family(Kind.GAUGE, name, help, unit);
    }

    /** A counter; {@code name} without {@code _total}, which the exposition adds. */
    static Family counter(String name, String help) {
        return new Family(Kind.COUNTER, name, help, null);
    }

    static Family counter(String name, String help, Unit unit) {
        return new Family(Kind.COUNTER, name, help, unit);
    }

    /** Adds one point; {@code labels} are name, value, name, value... */
    Family point(double value, String... labels) {
        Labels l = Labels.of(labels);
        if (kind == Kind.GAUGE) {
            gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(value).build());
        } else {
            counter.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(value).build());
        }
        return this;
    }

    MetricSnapshot build() {
        return kind == Kind.GAUGE ? gauge.build() : counter.build();
    }

    /** A classic histogram's point: {@code counts[i]} observations in bucket {@code bounds[i]} (not cumulative), +Inf last. */
    static HistogramDataPointSnapshot histogramPoint(double[] bounds, long[] counts, double sum, String... labels) {
        return HistogramDataPointSnapshot.builder().labels(Labels.of(labels))
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(sum).build();
    }

    static HistogramSnapshot.Builder histogram(String name, String help) {
        return HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS);
    }
}
