package dev.vigil.http.internal;

import com.google.gson.JsonObject;
import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.StatusService;
import dev.vigil.api.status.SystemStatus;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code GET /health} (every service) and {@code GET /health/{service}} (one, or {@code system}
 * for the host), as {@code application/health+json}: 200 for pass and warn, 503 for fail, 404
 * for a name no service has. Only reads. Every answer comes from a status at most
 * {@link HealthSnapshot#MAX_AGE} old, and {@code GET /health} from one body rendered per such status.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/health",
    "osgi.http.whiteboard.servlet.pattern=/health/*",
    "osgi.http.whiteboard.servlet.name=vigil-health"
})
public final class HealthEndpoint extends Endpoint {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StatusService statusService;

    private final transient HealthSnapshot snapshot = new HealthSnapshot(System::nanoTime);

    public HealthEndpoint() {
        super("GET");
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        SystemStatus status = Statuses.read(statusService, snapshot::status, req, resp);
        if (status == null) {
            return;
        }
        String name = rest(req);
        JsonObject body;
        if (name.isEmpty()) {
            sendOnce(req, resp, HealthJson.MEDIA_TYPE, snapshot.system(status));
            return;
        }
        if (status.host() != null && name.equals(status.host().service())
                && status.services().stream().noneMatch(e -> e.name().equals(name))) {
            body = HealthJson.host(status);
        } else {
            Optional<ServiceEntry> one = status.services().stream().filter(e -> e.name().equals(name)).findFirst();
            if (one.isEmpty()) {
                Problem.send(resp, 404, Statuses.unknown(name, status));
                return;
            }
            body = HealthJson.one(one.get(), status);
        }
        send(resp, HealthJson.httpStatus(body.get("status").getAsString()), HealthJson.MEDIA_TYPE, body);
    }
}
