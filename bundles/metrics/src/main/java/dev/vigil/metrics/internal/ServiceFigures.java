package dev.vigil.metrics.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.SystemStatus;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The services as the status has them at this scrape: up, state, health and restarts, and the
 * figures each check measured on its last run (an exec check's performance data, a process
 * check's memory...).
 */
final class ServiceFigures {
    private ServiceFigures() {
    }

    /** Running and its health UP or DEGRADED: it does its job. */
    static boolean up(ServiceEntry e) {
        ServiceHealth h = e.health();
        return e.process().state() == ServiceState.RUNNING && h != null
                && (h.status() == HealthStatus.UP || h.status() == HealthStatus.DEGRADED);
    }

    static List<MetricSnapshot> of(SystemStatus status) {
        Family up = Family.gauge("vigil_service_up",
                "1 when the service runs and its health is UP or DEGRADED, else 0");
        Family state = Family.gauge("vigil_service_state",
                "1 for the service's lifecycle state (STOPPED, STARTING, RUNNING, BACKOFF, FATAL), 0 for the others");
        Family health = Family.gauge("vigil_service_health",
                "1 for the service's health (UP, DEGRADED, UNKNOWN, DOWN), 0 for the others");
        Family restarts = Family.counter("vigil_restarts",
                "Restarts of the service since the daemon started");
        Family perf = Family.gauge("vigil_check_perfdata",
                "What a check measured on its last run, by metric: an exec check's performance data"
                        + " (label=value[unit], the unit appended to the name), a process check's memory and CPU...");
        for (ServiceEntry e : status.services()) {
            String name = e.name();
            up.point(up(e) ? 1 : 0, "service", name);
            for (ServiceState s : ServiceState.values()) {
                state.point(s == e.process().state() ? 1 : 0, "service", name, "state", s.name());
            }
            HealthStatus now = e.health() == null ? HealthStatus.UNKNOWN : e.health().status();
            for (HealthStatus s : HealthStatus.values()) {
                health.point(s == now ? 1 : 0, "service", name, "health", s.name());
            }
            restarts.point(e.process().restarts(), "service", name);
            perfdata(perf, e.health());
        }
        perfdata(perf, status.host());
        List<MetricSnapshot> out = new ArrayList<>();
        for (Family f : List.of(up, state, health, restarts, perf)) {
            out.add(f.build());
        }
        return out;
    }

    private static void perfdata(Family perf, ServiceHealth h) {
        if (h == null) {
            return;
        }
        for (CheckHealth c : h.checks()) {
            if (c.recent().isEmpty()) {
                continue;
            }
            CheckResult last = c.recent().get(c.recent().size() - 1);
            for (Map.Entry<String, Double> m : last.metrics().entrySet()) {
                perf.point(m.getValue(), "service", h.service(), "check", c.name(), "metric", m.getKey());
            }
        }
    }
}
