package dev.vigil.http.internal;

import dev.vigil.api.HttpSettings;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.port.PortAllocator;
import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the HTTP endpoint where {@code system.http} says: leases its port from the port
 * allocator (moving within the range when the port is taken, and saying so), then
 * configures Felix HTTP's Jetty through ConfigAdmin ({@value #JETTY_PID}) on that address and
 * port. Until then Jetty listens nowhere (the launcher starts it disabled). A config whose
 * {@code system.http} changed rebinds; {@code "enabled": false} stops serving. The work runs on
 * a thread of its own, latest config first, so SCR's thread never waits for Jetty.
 *
 * <p>Once the first config has been carried out, whatever came of it (serving, switched off, or
 * not served with a notice), a service with {@value #SETTLED} is registered: the daemon counts
 * itself ready only then, so {@code vigil start} never returns before {@code /health} answers.
 */
@Component(immediate = true)
public final class HttpEndpoint {
    /** The ConfigAdmin PID of Felix HTTP's Jetty. */
    static final String JETTY_PID = "org.apache.felix.http";
    /** How long a client may stay silent before its connection is closed (slow clients). */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** The most a request's line and headers may take: more is refused with 431. */
    static final int HEADER_LIMIT = 8 * 1024;
    /** How long Jetty gets to start serving, or to let go of its port. */
    private static final Duration JETTY_DEADLINE = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    /** Property of the service registered once the first config is carried out: serving, off or failed. */
    static final String SETTLED = "vigil.http.settled";

    @Reference
    private PortAllocator ports;

    @Reference
    private ConfigurationAdmin configAdmin;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-http-endpoint");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<HttpSettings> wanted = new AtomicReference<>();
    private volatile HttpSettings applied;
    private BundleContext context;
    private JettyRuntime runtime;
    private ServiceRegistration<Object> noticeRegistration;
    private ServiceRegistration<Object> settled;
    private volatile boolean active;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        this.runtime = new JettyRuntime(context);
        active = true;
        HttpSettings pending = wanted.get();
        if (pending != null) {
            schedule(pending);
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            configure(false, HttpSettings.DEFAULT.bind(), 0);
        } catch (IOException | IllegalStateException e) {
            LOG.warn("HTTP: could not turn Jetty off: {}", e.toString());
        }
        setNotices(List.of());
        synchronized (this) {
            unregister(settled);
            settled = null;
        }
        runtime.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(SystemConfig config) {
        schedule(config.http());
    }

    void updatedConfig(SystemConfig config) {
        schedule(config.http());
    }

    void unbindConfig(SystemConfig config) {
        // Between two configs (or with none usable) the endpoint stays as it is.
    }

    private void schedule(HttpSettings settings) {
        wanted.set(settings);
        if (active) {
            worker.execute(this::applyLatest);
        }
    }

    private void applyLatest() {
        HttpSettings s = wanted.get();
        if (s == null || s.equals(applied) || !active) {
            return;
        }
        String outcome = "failed";
        try {
            outcome = apply(s);
        } catch (IOException | RuntimeException e) {
            LOG.error("HTTP: could not configure the endpoint {}:{}: {}", s.bind(), s.port(), e.toString());
            setNotices(List.of("the HTTP endpoint is not served: " + e.getMessage() + " (see logs/vigil.log)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        settle(outcome);
    }

    /** Says, once, that the first config was carried out and what came of it. */
    private synchronized void settle(String outcome) {
        if (settled != null || context == null || !active) {
            return;
        }
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(SETTLED, outcome);
        try {
            settled = context.registerService(Object.class, new Object(), p);
        } catch (IllegalStateException e) {
            // The bundle is stopping.
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
        }
    }

    /** @return serving, off or failed */
    private String apply(HttpSettings s) throws IOException, InterruptedException {
        if (applied != null) {
            configure(false, s.bind(), 0);
            runtime.awaitStopped(applied.bind(), JETTY_DEADLINE);
        }
        applied = null;
        if (!s.enabled()) {
            ports.release(HttpSettings.LEASE_SERVICE);
            setNotices(List.of());
            applied = s;
            LOG.info("HTTP: not served (system.http.enabled is false)");
            return "off";
        }
        HttpLease lease = HttpLease.take(ports, s);
        if (lease.port() < 0) {
            setNotices(List.of(lease.notice()));
            LOG.error("HTTP: not served: {}", lease.notice());
            return "failed";
        }
        configure(true, s.bind(), lease.port());
        if (!runtime.awaitServing(lease.port(), JETTY_DEADLINE)) {
            String why = "Jetty did not start serving " + s.bind() + ":" + lease.port() + " within "
                    + JETTY_DEADLINE.toSeconds() + " s; see logs/vigil.log";
            setNotices(List.of("the HTTP endpoint is not served: " + why));
            LOG.error("HTTP: {}", why);
            return "failed";
        }
        applied = s;
        setNotices(lease.notice() == null ? List.of() : List.of(lease.notice()));
        LOG.info("HTTP: serving on http://{}/ (token for changes in data/http.token)",
                JettyRuntime.hostPort(s.bind(), lease.port()));
        return "serving";
    }

    /** Gives Jetty its address, port and limits; {@code on = false} stops it listening. */
    private void configure(boolean on, String bind, int port) throws IOException {
        Configuration c = configAdmin.getConfiguration(JETTY_PID, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("org.apache.felix.http.enable", Boolean.toString(on));
        p.put("org.apache.felix.https.enable", "false");
        p.put("org.apache.felix.http.host", bind);
        p.put("org.osgi.service.http.port", Integer.toString(on ? port : -1));
        p.put("org.apache.felix.http.timeout", Long.toString(IDLE_TIMEOUT.toMillis()));
        p.put("org.apache.felix.http.jetty.headerBufferSize", Integer.toString(HEADER_LIMIT));
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        // RFC 3986 with no ambiguity: an encoded dot segment or slash, an empty segment, a dot
        // segment with parameters are refused with 400 before any servlet sees the path.
        p.put("org.eclipse.jetty.UriComplianceMode", "RFC3986_UNAMBIGUOUS");
        // No sessions are used; a small pool is enough for a status endpoint on a daemon.
        p.put("org.apache.felix.http.jetty.threadpool.max", "16");
        p.put("org.apache.felix.http.jetty.acceptors", "1");
        p.put("org.apache.felix.http.jetty.selectors", "1");
        c.update(p);
    }

    private synchronized void setNotices(List<String> notices) {
        unregister(noticeRegistration);
        noticeRegistration = null;
        if (!notices.isEmpty() && context != null) {
            Dictionary<String, Object> p = new Hashtable<>();
            // The status service shows the notices of every service carrying this property.
            p.put("vigil.deploy.notices", notices.toArray(new String[0]));
            try {
                noticeRegistration = context.registerService(Object.class, new Object(), p);
            } catch (IllegalStateException e) {
                // The bundle is stopping.
            }
        }
    }
}
