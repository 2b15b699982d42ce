package dev.vigil.http.internal;

import dev.vigil.api.status.StatusService;
import dev.vigil.api.status.SystemStatus;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code GET /status}: everything {@code vigil status --json} prints, in the status service's
 * one JSON form. Always 200 when there is a status: it is a report; {@code /health} is the probe.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/status",
    "osgi.http.whiteboard.servlet.name=vigil-status"
})
public final class StatusEndpoint extends Endpoint {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StatusService statusService;

    public StatusEndpoint() {
        super("GET");
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        StatusService service = statusService;
        SystemStatus status = Statuses.read(service, req, resp);
        if (status != null) {
            send(resp, 200, Problem.JSON, service.json(status));
        }
    }
}
