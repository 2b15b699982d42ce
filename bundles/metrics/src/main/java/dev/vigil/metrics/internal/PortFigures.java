package dev.vigil.metrics.internal;

import dev.vigil.api.port.PortAssignment;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/** The port leases at this scrape: the port number each named port of a service was given. */
final class PortFigures {
    private PortFigures() {
    }

    static MetricSnapshot of(List<PortAssignment> assignments) {
        Family f = Family.gauge("vigil_port_assigned",
                "The port leased to a named port of a service (the daemon's own HTTP port is service \"vigil\", name \"http\")");
        for (PortAssignment a : assignments) {
            f.point(a.port(), "service", a.service(), "name", a.name());
        }
        return f.build();
    }
}
