package dev.vigil.metrics.internal;

import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckObserver;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.http.EntityTags;
import dev.vigil.api.journal.Journal;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.StatusService;
import dev.vigil.api.status.SystemStatus;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: Vigil's figures in the Prometheus text format (OpenMetrics when the
 * scraper asks for it), written by the Prometheus client library. What Vigil knows is read at
 * each scrape from the status, the health monitor, the port allocator and the journal (each
 * optional); check latencies and failures are counted as each run ends, as a
 * {@link CheckObserver}; the daemon's process and its host are read through OSHI. A body is
 * written at most once per {@link ScrapeCache#MAX_AGE} and format, and gzipped when the scraper
 * asks for it ({@code Accept-Encoding: gzip}, as Prometheus does).
 */
@Component(service = {Servlet.class, CheckObserver.class}, property = {
        "osgi.http.whiteboard.servlet.pattern=/metrics",
        "osgi.http.whiteboard.servlet.name=vigil-metrics"})
public final class MetricsServlet extends ReadOnlyServlet implements CheckObserver {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile StatusService status;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile HealthMonitor health;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile PortAllocator ports;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Journal journal;

    private final transient PrometheusRegistry registry = new PrometheusRegistry();
    private final transient CheckFigures checks = new CheckFigures(registry);
    private final transient PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final transient OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final transient ScrapeCache textBodies = new ScrapeCache(System::nanoTime, out -> write(text, out));
    private final transient ScrapeCache openMetricsBodies = new ScrapeCache(System::nanoTime, out -> write(openMetrics, out));
    private transient HostFigures host;

    @Activate
    void activate() {
        host = new HostFigures();
        registry.register(() -> new MetricSnapshots(collect()));
    }

    @Override
    public void checked(String service, String check, String type, CheckResult result) {
        checks.record(service, check, result);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean om = openMetrics.accepts(req.getHeader("Accept"));
        ScrapeCache.Body body = (om ? openMetricsBodies : textBodies).get();
        try {
            boolean gzip = acceptsGzip(req.getHeader("Accept-Encoding"));
            resp.setHeader("Vary", "Accept, Accept-Encoding");
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("ETag", body.etag(gzip));
            if (EntityTags.matches(req.getHeader("If-None-Match"), body.etag(gzip))) {
                resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            String type = (om ? openMetrics : text).getContentType();
            if (gzip) {
                resp.setHeader("Content-Encoding", "gzip");
                send(resp, HttpServletResponse.SC_OK, type, body.gzipped());
                return;
            }
            resp.setStatus(HttpServletResponse.SC_OK);
            resp.setContentType(type);
            resp.setCharacterEncoding("UTF-8");
            resp.setContentLength(body.length());
            body.writeTo(resp.getOutputStream());
        } finally {
            body.release();
        }
    }

    /** Whether an {@code Accept-Encoding} value takes gzip (a "gzip;q=0" refuses it). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            if (p[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < p.length; i++) {
                    String q = p[i].trim().replace(" ", "");
                    if (q.startsWith("q=") && q.substring(2).matches("0(\\.0*)?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private void write(ExpositionFormatWriter writer, OutputStream body) {
        try {
            writer.write(body, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
    }

    /** Everything read at scrape time; a source that fails is left out of this scrape, and logged. */
    private List<MetricSnapshot> collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        StatusService st = status;
        if (st != null) {
            read(out, "the status", () -> {
                SystemStatus now = st.status();
                forgetRemovedChecks(now);
                return ServiceFigures.of(now);
            });
        }
        HealthMonitor m = health;
        if (m != null) {
            read(out, "the health monitor's figures", () -> MonitorFigures.of(m.stats()));
        }
        PortAllocator p = ports;
        if (p != null) {
            read(out, "the port leases", () -> List.of(PortFigures.of(p.assignments())));
        }
        Journal j = journal;
        if (j != null) {
            read(out, "the journal", () -> RecoveryFigures.of(j.recoveries(null, Integer.MAX_VALUE)));
        }
        read(out, "the process and host figures", host::collect);
        return out;
    }

    private static void read(List<MetricSnapshot> out, String what, Supplier<List<MetricSnapshot>> source) {
        try {
            out.addAll(source.get());
        } catch (RuntimeException e) {
            // The supervisor being replaced, say: the other figures are still worth a scrape.
            LOG.warn("/metrics: {} left out of this scrape: {}", what, e.toString());
        }
    }

    /** Check figures of services and checks no longer configured stop being exposed. */
    private void forgetRemovedChecks(SystemStatus now) {
        Set<List<String>> current = new HashSet<>();
        List<ServiceHealth> all = new ArrayList<>();
        for (ServiceEntry e : now.services()) {
            if (e.health() == null) {
                return; // no monitor: nothing says which checks exist
            }
            all.add(e.health());
        }
        if (now.host() != null) {
            all.add(now.host());
        }
        for (ServiceHealth h : all) {
            for (CheckHealth c : h.checks()) {
                current.add(List.of(h.service(), c.name()));
            }
        }
        checks.keepOnly(current);
    }
}
