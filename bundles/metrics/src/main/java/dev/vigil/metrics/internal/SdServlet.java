package dev.vigil.metrics.internal;

import dev.vigil.api.Supervisor;
import dev.vigil.api.SystemConfig;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /sd}: Prometheus HTTP service discovery ({@code http_sd_configs}) of every service
 * port, so that a Prometheus finds the services at the ports Vigil gave them, wherever they moved.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/sd",
        "osgi.http.whiteboard.servlet.name=vigil-sd"})
public final class SdServlet extends ReadOnlyServlet {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Supervisor supervisor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile SystemConfig config;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Supervisor s = supervisor;
        SystemConfig c = config;
        if (s == null || c == null) {
            error(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "no services to discover: the " + (s == null ? "supervisor is not running" : "config is not loaded")
                            + " (see logs/vigil.log)");
            return;
        }
        json(resp, ServiceDiscovery.of(c.name(), s.services()));
    }
}
