package dev.vigil.http.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.journal.Availability;
import dev.vigil.api.journal.HistoryEvent;
import dev.vigil.api.journal.Journal;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code GET /history/{service}[?since=1h&limit=N]}: the journal's events of one service,
 * oldest first, with its availability (uptime, incidents) over the same period. 404 for a name
 * that is neither a service now nor in the journal; 400 for a {@code since} or {@code limit}
 * that cannot be read, saying what is expected.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/history/*",
    "osgi.http.whiteboard.servlet.name=vigil-history"
})
public final class HistoryEndpoint extends Endpoint {
    private static final long serialVersionUID = 1L;
    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 10_000;
    private final transient Clock clock = Clock.systemUTC();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Journal journal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Supervisor supervisor;

    public HistoryEndpoint() {
        super("GET");
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String service = rest(req);
        Journal j = journal;
        Supervisor s = supervisor;
        if (j == null || s == null) {
            Problem.send(resp, 503, Problem.describe(503, (j == null ? "the journal" : "the supervisor")
                    + " is not running", req.getRequestURI()));
            return;
        }
        if (service.isEmpty() || service.contains("/")) {
            Problem.send(resp, 404, "expected /history/SERVICE; the services are: " + known(s));
            return;
        }
        Instant now = clock.instant();
        Instant since;
        int limit;
        try {
            since = Since.parse(req.getParameter("since"), now);
            limit = limit(req.getParameter("limit"));
        } catch (IllegalArgumentException e) {
            Problem.send(resp, 400, e.getMessage());
            return;
        }
        List<HistoryEvent> events = j.history(service, since, limit);
        if (events.isEmpty() && s.service(service).isEmpty()) {
            Problem.send(resp, 404, "no service named \"" + service + "\" and no history of one; the services are: "
                    + known(s));
            return;
        }
        JsonObject root = new JsonObject();
        root.addProperty("service", service);
        root.addProperty("since", since == null ? null : since.toString());
        root.addProperty("until", now.toString());
        // Without a since, the availability covers what the journal holds of the service.
        Instant from = since != null ? since : events.isEmpty() ? now : events.get(0).when();
        Availability a = j.availability(service, from, now);
        JsonObject av = new JsonObject();
        av.addProperty("since", from.toString());
        av.addProperty("uptime", a.uptime());
        av.addProperty("observedSeconds", a.observed().toSeconds());
        av.addProperty("downtimeSeconds", a.downtime().toSeconds());
        av.addProperty("incidents", a.incidents());
        root.add("availability", av);
        JsonArray list = new JsonArray();
        for (HistoryEvent e : events) {
            JsonObject o = new JsonObject();
            o.addProperty("time", e.when().toString());
            o.addProperty("kind", e.kind().name());
            o.addProperty("from", e.from());
            o.addProperty("to", e.to());
            o.addProperty("message", e.message());
            list.add(o);
        }
        root.add("events", list);
        send(resp, 200, Problem.JSON, root);
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new IllegalArgumentException("limit: expected a whole number 1-" + MAX_LIMIT + ", found \"" + text + "\"");
    }

    private static String known(Supervisor s) {
        String names = String.join(", ", s.services().stream().map(ServiceStatus::name).toList());
        return names.isEmpty() ? "(none)" : names;
    }
}
