package dev.vigil.alerts.dispatch.internal;

import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.Topics;
import dev.vigil.api.alert.Alert;
import dev.vigil.api.alert.AlertSink;
import dev.vigil.api.alert.AlertSpec;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.recovery.RecoveryCoordinator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the supervisor, the monitor and recovery post into incidents ({@link Incidents})
 * (a failed attempt is judged once its recovery is over, as the coordinator's
 * {@link RecoveryCoordinator#active()} tells, so that a crash loop that ends FATAL is one
 * critical alert, and one repaired at the second attempt none)
 * and hands each alert to the log sink and to every sink of the config's {@code alerts}
 * list, each through a queue and thread of its own ({@link SinkQueue}). Event handling only
 * queues work on the dispatcher's thread and returns, so alerting never holds up recovery.
 * A config whose {@code alerts} changed applies to the alerts that follow.
 */
@Component(service = EventHandler.class, immediate = true, property = {
    EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_STATE,
    EventConstants.EVENT_TOPIC + "=" + Topics.RECOVERY,
    EventConstants.EVENT_TOPIC + "=" + Topics.HEALTH_CHANGED
})
public final class AlertDispatcher implements EventHandler, SinkQueue.Outcomes {
    /** The log sink's queue: it gets every alert, configured or not. */
    static final AlertSpec LOG_SINK = new AlertSpec("log", "log", Map.of());
    /** How often open incidents are looked at for sinks that want their alerts repeated. */
    private static final Duration REPEAT_TICK = Duration.ofSeconds(10);
    /** How often recoveries that had a failed attempt are looked at, to see whether they are over. */
    private static final Duration RECOVERY_TICK = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Supervisor supervisor;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthMonitor monitor;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RecoveryCoordinator coordinator;

    private final Map<String, AlertSink> sinks = new ConcurrentHashMap<>();
    private final Incidents incidents = new Incidents();
    /** The last failed attempt of each recovery under way; dispatcher's thread only. */
    private final Map<String, Incidents.FailedAttempt> failed = new LinkedHashMap<>();
    /** The configured sinks by name, and the log's; touched on the dispatcher's thread only. */
    private final Map<String, SinkQueue> queues = new LinkedHashMap<>();
    private SinkQueue logQueue;
    private final SinkNotices notices = new SinkNotices();
    private final Clock clock = Clock.systemUTC();
    private volatile SystemConfig config;
    private volatile ScheduledExecutorService thread;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSink(AlertSink sink, Map<String, Object> properties) {
        sinks.put(sink.type(), sink);
        LOG.info("Alert sink type {} installed", sink.type());
    }

    void unbindSink(AlertSink sink, Map<String, Object> properties) {
        sinks.remove(sink.type(), sink);
        LOG.info("Alert sink type {} removed", sink.type());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(SystemConfig c) {
        config = c;
        later(this::applyConfig);
    }

    void unbindConfig(SystemConfig c) {
        if (config == c) {
            config = null;
        }
    }

    @Activate
    void activate(BundleContext context) {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "vigil-alerts");
            th.setDaemon(true);
            return th;
        });
        thread = t;
        notices.open(context);
        later(this::applyConfig);
        t.scheduleWithFixedDelay(() -> safely(this::repeatOpen), REPEAT_TICK.toMillis(), REPEAT_TICK.toMillis(),
                TimeUnit.MILLISECONDS);
        t.scheduleWithFixedDelay(() -> safely(this::recoveriesOver), RECOVERY_TICK.toMillis(), RECOVERY_TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        ScheduledExecutorService t = thread;
        thread = null;
        t.shutdownNow();
        try {
            t.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queues.values().forEach(SinkQueue::close);
        queues.clear();
        if (logQueue != null) {
            logQueue.close();
        }
        notices.close();
    }

    @Override
    public void handleEvent(Event event) {
        later(() -> handle(event));
    }

    private void later(Runnable work) {
        ScheduledExecutorService t = thread;
        if (t == null) {
            return;
        }
        try {
            t.execute(() -> safely(work));
        } catch (RejectedExecutionException e) {
            // Stopping: nothing more is sent.
        }
    }

    /** Runs dispatcher work; a bug in one piece is logged and never stops the thread or its schedules. */
    private static void safely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("Alert dispatch failed", e);
        }
    }

    private void handle(Event event) {
        String service = String.valueOf(event.getProperty(Topics.SERVICE));
        Instant now = clock.instant();
        String system = config == null ? "vigil" : config.name();
        Optional<Alert> opened = Optional.empty();
        switch (event.getTopic()) {
            case Topics.SERVICE_STATE -> {
                if ("FATAL".equals(event.getProperty(Topics.TO))) {
                    opened = incidents.fatal(system, service, text(event, Topics.MESSAGE), now);
                } else if ("RUNNING".equals(event.getProperty(Topics.TO))) {
                    resolveIfHealthy(service);
                }
            }
            case Topics.RECOVERY -> {
                opened = incidents.recoveryEnded(system, service, text(event, "outcome"), text(event, "kind"),
                        text(event, "strategy"), text(event, Topics.MESSAGE), now);
                if ("FAILED".equals(event.getProperty("outcome")) && !incidents.isOpen(service)) {
                    failed.put(service, new Incidents.FailedAttempt(text(event, "kind"), text(event, "strategy"),
                            text(event, Topics.MESSAGE), now));
                }
            }
            case Topics.HEALTH_CHANGED -> resolveIfHealthy(service);
            default -> {
            }
        }
        opened.ifPresent(a -> {
            route(a);
            resolveIfHealthy(service); // a repair may have worked by the time its failure is told
        });
    }

    /** Judges the failed attempts of recoveries that are over; those still under way wait. */
    private void recoveriesOver() {
        if (failed.isEmpty()) {
            return;
        }
        RecoveryCoordinator rc = coordinator;
        Supervisor s = supervisor;
        HealthMonitor m = monitor;
        Map<String, String> active = rc == null ? Map.of() : rc.active();
        for (var it = failed.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (active.containsKey(e.getKey())) {
                continue;
            }
            it.remove();
            Optional<ServiceStatus> st = s == null ? Optional.empty() : s.service(e.getKey());
            if (st.isPresent() && !incidents.isOpen(e.getKey())) {
                String system = config == null ? "vigil" : config.name();
                incidents.recoveryOver(system, st.get(), m == null ? Optional.empty() : m.service(e.getKey()),
                        e.getValue(), clock.instant()).ifPresent(this::route);
            }
        }
    }

    private void resolveIfHealthy(String service) {
        if (!incidents.isOpen(service)) {
            return;
        }
        Supervisor s = supervisor;
        HealthMonitor m = monitor;
        Optional<ServiceStatus> st = s == null ? Optional.empty() : s.service(service);
        if (st.isEmpty()) {
            return;
        }
        Optional<ServiceHealth> h = m == null ? Optional.empty() : m.service(service);
        String how = Incidents.healthy(st.get(), h);
        if (how != null) {
            incidents.resolve(service, clock.instant(), how).ifPresent(this::route);
        }
    }

    /** Makes the queues match the config's {@code alerts}; incidents of services gone from it are resolved. */
    private void applyConfig() {
        SystemConfig c = config;
        if (c == null) {
            return;
        }
        if (logQueue == null) {
            logQueue = new SinkQueue(LOG_SINK, sinks::get, Retries.DEFAULT, this);
        }
        Map<String, AlertSpec> byName = new LinkedHashMap<>();
        c.alerts().forEach(s -> byName.put(s.name(), s));
        for (var it = queues.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            AlertSpec next = byName.get(e.getKey());
            if (next == null || !next.type().equals(e.getValue().spec().type())) {
                e.getValue().close();
                notices.clear(e.getKey());
                it.remove();
                LOG.info("Alert sink {} removed from the config", e.getKey());
            } else if (!next.equals(e.getValue().spec())) {
                e.getValue().update(next);
                notices.clear(e.getKey());
                LOG.info("Alert sink {}: settings changed, used from the next alert on", e.getKey());
            }
        }
        for (AlertSpec s : byName.values()) {
            if (!queues.containsKey(s.name())) {
                queues.put(s.name(), new SinkQueue(s, sinks::get, Retries.DEFAULT, this));
                LOG.info("Alert sink {} ({}) configured", s.name(), s.type());
            }
        }
        for (Alert a : incidents.open()) {
            if (!c.services().containsKey(a.service())) {
                incidents.resolve(a.service(), clock.instant(), "the service left the config").ifPresent(this::route);
            }
        }
    }

    private void route(Alert a) {
        if (logQueue != null) {
            logQueue.offer(a);
        }
        queues.values().forEach(q -> q.offer(a));
    }

    /** Delivers the firing alert of each open incident again to the sinks that ask for it. */
    private void repeatOpen() {
        Instant now = clock.instant();
        for (Alert a : incidents.open()) {
            for (SinkQueue q : queues.values()) { // the log tells an incident once
                AlertSink sink = sinks.get(q.spec().type());
                Duration every = sink == null ? null : sink.repeatEvery(q.spec());
                Instant last = q.firingDeliveredAt(a.incident());
                if (every != null && last != null && !last.plus(every).isAfter(now) && !q.pending(a.incident())) {
                    q.offer(a);
                }
            }
        }
    }

    @Override
    public void delivered(String sink) {
        notices.clear(sink);
    }

    @Override
    public void droppedAfterRetries(String sink, Alert alert, int attempts, String why) {
        notices.set(sink, "alert sink " + sink + " dropped the " + alert.status().label() + " alert of " + alert.service()
                + " (" + alert.incident() + ") after " + attempts + " attempts: " + why + "; fix the sink (see"
                + " logs/vigil.log); this notice goes at its next delivery");
    }

    private static String text(Event e, String key) {
        Object v = e.getProperty(key);
        return v == null ? "" : v.toString();
    }
}
