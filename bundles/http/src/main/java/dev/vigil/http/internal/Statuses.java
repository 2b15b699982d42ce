package dev.vigil.http.internal;

import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.StatusService;
import dev.vigil.api.status.SystemStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;

/** Reading the status for an endpoint: a 503 with why when there is none to read. */
final class Statuses {
    private Statuses() {
    }

    /** The status now, or null after answering 503 (no status service, or no supervisor yet). */
    static SystemStatus read(StatusService service, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        return read(service, StatusService::status, req, resp);
    }

    /** As {@link #read(StatusService, HttpServletRequest, HttpServletResponse)}, the status read through {@code how}. */
    static SystemStatus read(StatusService service, Function<StatusService, SystemStatus> how, HttpServletRequest req,
                             HttpServletResponse resp) throws IOException {
        if (service == null) {
            Problem.send(resp, 503, Problem.describe(503, "the status service is not running", req.getRequestURI()));
            return null;
        }
        try {
            return how.apply(service);
        } catch (IllegalStateException e) {
            Problem.send(resp, 503, Problem.describe(503, e.getMessage(), req.getRequestURI()));
            return null;
        }
    }

    /** The 404 message for a service name no service has, listing those there are. */
    static String unknown(String name, SystemStatus status) {
        String known = String.join(", ", status.services().stream().map(ServiceEntry::name).toList());
        return "no service named \"" + name + "\"; the services are: " + (known.isEmpty() ? "(none)" : known);
    }
}
