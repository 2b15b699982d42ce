package dev.vigil.http.internal;

import dev.vigil.api.status.StatusService;
import dev.vigil.api.status.SystemStatus;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code GET /}: the status page, one self-contained HTML file (inline CSS and JavaScript, no
 * external asset, no build step) with the status of the moment inlined, which then refreshes
 * itself from {@code /status}. Only the root: the pattern "" matches "/" and nothing below it.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=",
    "osgi.http.whiteboard.servlet.name=vigil-status-page"
})
public final class StatusPage extends Endpoint {
    private static final long serialVersionUID = 1L;
    private static final String MARK = "/*STATUS*/";
    /** Inline script and style only; fetches go to this origin; no frames, no plugins. */
    private static final String POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
            + " connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private final String page = load();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StatusService statusService;

    public StatusPage() {
        super("GET");
    }

    @Override
    void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String initial = "null";
        StatusService service = statusService;
        if (service != null) {
            try {
                SystemStatus status = service.status();
                // In JSON '<' only occurs inside strings, where its escape means the same: no "</script>" can end the block.
                initial = service.json(status).replace("<", "\\u003c");
            } catch (IllegalStateException e) {
                initial = "null";
            }
        }
        resp.setHeader("Content-Security-Policy", POLICY);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        send(resp, 200, "text/html;charset=utf-8", page.replace(MARK, initial));
    }

    private static String load() {
        try (InputStream in = StatusPage.class.getResourceAsStream("page.html")) {
            if (in == null) {
                throw new IllegalStateException("page.html is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
