package dev.vigil.http.internal;

import com.google.gson.JsonObject;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /services/{name}/restart|stop|start}: an operator's action, as the shell's
 * {@code vigil:restart} takes it (the supervisor's operator methods, so recovery forgets the
 * service's failures and never fights it). Needs {@code Authorization: Bearer} with the token
 * of {@code data/http.token}; answers once the action is done, with the service's status.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/services/*",
    "osgi.http.whiteboard.servlet.name=vigil-service-actions"
})
public final class ServiceActions extends Endpoint {
    private static final long serialVersionUID = 1L;
    private static final List<String> ACTIONS = List.of("restart", "stop", "start");
    private static final Logger LOG = LoggerFactory.getLogger(ServiceActions.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Supervisor supervisor;

    private transient ApiToken token;

    public ServiceActions() {
        super("POST");
    }

    @Activate
    void activate(BundleContext context) throws IOException {
        String data = context.getProperty("vigil.data");
        token = new ApiToken(Path.of(data == null ? "data" : data));
        token.current();
    }

    @Override
    void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String auth = req.getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"vigil\"");
            Problem.send(resp, 401, "changes need Authorization: Bearer TOKEN, with the token of "
                    + token.file() + " (readable by the daemon's user only)");
            return;
        }
        if (!token.matches(auth.substring(7).trim())) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"vigil\", error=\"invalid_token\"");
            Problem.send(resp, 401, "the bearer token is not the one in " + token.file());
            return;
        }
        String[] parts = rest(req).split("/", -1);
        Supervisor s = supervisor;
        if (s == null) {
            Problem.send(resp, 503, Problem.describe(503, "the supervisor is not running", req.getRequestURI()));
            return;
        }
        if (parts.length != 2 || parts[0].isEmpty() || s.service(parts[0]).isEmpty()) {
            String known = String.join(", ", s.services().stream().map(ServiceStatus::name).toList());
            Problem.send(resp, 404, (parts.length == 2 && !parts[0].isEmpty() ? "no service named \"" + parts[0] + "\""
                    : "expected /services/NAME/ACTION") + "; the services are: " + (known.isEmpty() ? "(none)" : known));
            return;
        }
        String action = parts[1];
        if (!ACTIONS.contains(action)) {
            Problem.send(resp, 404, "no action \"" + action + "\" for a service; POST /services/" + parts[0]
                    + "/restart, /stop or /start");
            return;
        }
        if (Bodies.drain(req) < 0) {
            resp.setHeader("Connection", "close");
            Problem.send(resp, 413, Problem.describe(413, null, req.getRequestURI()));
            return;
        }
        ServiceStatus after;
        RequestLimits.yieldTurn(req); // a stop waits for the process, not for a CPU
        try {
            after = switch (action) {
                case "restart" -> s.restart(parts[0]);
                case "stop" -> s.stop(parts[0]);
                default -> s.start(parts[0]);
            };
        } catch (IllegalArgumentException e) {
            Problem.send(resp, 404, e.getMessage());
            return;
        } catch (IllegalStateException e) {
            Problem.send(resp, 503, Problem.describe(503, e.getMessage(), req.getRequestURI()));
            return;
        }
        LOG.info("HTTP: {} {} by {} (bearer token)", action, parts[0], req.getRemoteAddr());
        JsonObject o = new JsonObject();
        o.addProperty("service", after.name());
        o.addProperty("action", action);
        o.addProperty("state", after.state().name());
        o.addProperty("pid", after.pid() > 0 ? after.pid() : null);
        o.addProperty("restarts", after.restarts());
        o.addProperty("message", after.message());
        send(resp, 200, Problem.JSON, o);
    }
}
