package dev.vigil.monitor.internal;

import dev.vigil.api.CheckSpec;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.Topics;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckObserver;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.check.ServiceHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the health of every service: runs each configured check on its interval (its
 * retry interval after a failure, at once on {@link #recheck} or when the service's process
 * was replaced) with a small fixed set of threads (one timer, two dispatchers; the check
 * types do their I/O asynchronously), keeps each check's recent results, decides each
 * service's status and posts every change on {@link Topics#HEALTH_CHANGED}.
 */
@Component(service = {HealthMonitor.class, EventHandler.class}, immediate = true,
        property = EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_STATE)
public final class ServiceMonitor implements HealthMonitor, EventHandler, CheckRunner.Context {
    /** Checks that share a slot of the grid at most, about, when first runs are spread (see {@link #spread}). */
    static final int CHECKS_PER_SLOT = 8;
    static final String SYSTEM = "system";
    /** What the daemon's own entry runs, of the types installed: the host, and Felix health checks. */
    static final List<String> HOST_CHECKS = List.of("system", "felix-hc");
    private static final Logger LOG = LoggerFactory.getLogger(ServiceMonitor.class);

    private final AtomicReference<Supervisor> supervisor = new AtomicReference<>();
    private final AtomicReference<EventAdmin> events = new AtomicReference<>();
    private final Map<String, CheckType> types = new ConcurrentHashMap<>();
    private final Map<String, Watched> watched = new LinkedHashMap<>();
    private final Lateness lateness = new Lateness();
    private final Observers observers = new Observers();
    private ScheduledThreadPoolExecutor timer;
    private ThreadPoolExecutor dispatch;
    private SlotBatch batches;
    private volatile SystemConfig config;
    private boolean active;

    /**
     * One service's checks and last verdict. The verdict is kept without its checks' results:
     * those are the runners' own, and a copy taken at the last change would hold results that
     * the runners have long dropped (about ten per check, at 1,000 services a megabyte and more).
     * Whoever asks gets them fresh, from {@link #refresh(java.util.Set)}.
     */
    private static final class Watched {
        final ServiceDefinition definition;
        final List<CheckRunner> runners;
        ServiceHealth verdict;

        Watched(ServiceDefinition definition, List<CheckRunner> runners, ServiceHealth verdict) {
            this.definition = definition;
            this.runners = runners;
            this.verdict = verdict;
        }
    }

    /**
     * While the supervisor is being replaced (its bundle updated: about a fifth of a second)
     * its processes run on, so they are taken as last seen and checked as usual; only after
     * this long without a supervisor is a service UNKNOWN.
     */
    private static final long SUPERVISOR_GRACE_MS = 5_000;
    private volatile long supervisorGoneAt;
    private final Map<String, ServiceStatus> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSupervisor(Supervisor s) {
        supervisor.set(s);
        boolean replaced = supervisorGoneAt != 0;
        supervisorGoneAt = 0;
        if (replaced) {
            refresh(); // judged against the new supervisor now, not at each service's next check
        }
    }

    void unbindSupervisor(Supervisor s) {
        if (supervisor.get() != s) {
            return; // a replacement was bound first
        }
        supervisorGoneAt = System.nanoTime(); // before it is gone, so that no verdict sees it gone unannounced
        if (supervisor.compareAndSet(s, null)) {
            ScheduledThreadPoolExecutor t = timer;
            if (t != null && !t.isShutdown()) {
                t.schedule(() -> refresh(), SUPERVISOR_GRACE_MS + 100, TimeUnit.MILLISECONDS);
            }
        }
    }

    private boolean supervisorBeingReplaced() {
        long gone = supervisorGoneAt;
        return gone != 0 && supervisor.get() == null
                && System.nanoTime() - gone < TimeUnit.MILLISECONDS.toNanos(SUPERVISOR_GRACE_MS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEvents(EventAdmin admin) {
        events.set(admin);
    }

    void unbindEvents(EventAdmin admin) {
        events.compareAndSet(admin, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindCheckType(CheckType type) {
        types.put(type.type(), type);
        LOG.info("Check type {} installed", type.type());
        if (HOST_CHECKS.contains(type.type())) {
            apply();
        }
    }

    void unbindCheckType(CheckType type) {
        types.remove(type.type(), type);
        LOG.info("Check type {} removed", type.type());
        if (HOST_CHECKS.contains(type.type())) {
            apply();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindObserver(CheckObserver o) {
        observers.add(o);
    }

    void unbindObserver(CheckObserver o) {
        observers.remove(o);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfig(SystemConfig c) {
        config = c;
        apply();
    }

    void updatedConfig(SystemConfig c) {
        bindConfig(c);
    }

    void unbindConfig(SystemConfig c) {
        // The replacement, if any, was bound first.
    }

    @Activate
    void activate() {
        timer = new ScheduledThreadPoolExecutor(1, daemonThreads("vigil-monitor-timer"));
        timer.setRemoveOnCancelPolicy(true);
        dispatch = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("vigil-monitor-dispatch"));
        // Made now, on SCR's thread: one made on first use takes the nice value of the thread
        // that used it, and the HTTP bundle lowers its own (a recheck can come from there).
        dispatch.prestartAllCoreThreads();
        timer.prestartAllCoreThreads();
        batches = new SlotBatch(timer, dispatch, observers::holding);
        observers.start();
        synchronized (this) {
            active = true;
        }
        apply();
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            active = false;
            watched.values().forEach(w -> w.runners.forEach(CheckRunner::stop));
            watched.clear();
        }
        timer.shutdownNow();
        dispatch.shutdownNow();
        observers.stop();
    }

    /** Starts, keeps or replaces the runners of each service to match the config. */
    private synchronized void apply() {
        SystemConfig c = config;
        if (!active || c == null) {
            return;
        }
        Map<String, Watched> old = new HashMap<>(watched);
        watched.clear();
        List<ServiceDefinition> all = new ArrayList<>(c.startOrder());
        all.add(systemEntry());
        int checks = all.stream().mapToInt(d -> d.checks().size()).sum();
        for (ServiceDefinition def : all) {
            Watched kept = old.remove(def.name());
            if (kept != null && kept.definition.checks().equals(def.checks()) && kept.definition.dependsOn()
                    .equals(def.dependsOn())) {
                watched.put(def.name(), new Watched(def, kept.runners, kept.verdict));
                continue;
            }
            if (kept != null) {
                kept.runners.forEach(CheckRunner::stop);
            }
            List<CheckRunner> runners = new ArrayList<>();
            for (CheckSpec spec : def.checks()) {
                CheckRunner r = new CheckRunner(def.name(), spec, this);
                runners.add(r);
                r.start(spread(def.name() + "/" + spec.name(), spec.interval(), checks));
            }
            watched.put(def.name(), new Watched(def, runners, new ServiceHealth(def.name(), HealthStatus.UNKNOWN,
                    "no result yet", null, Instant.now(), List.of())));
        }
        old.values().forEach(w -> w.runners.forEach(CheckRunner::stop));
        refresh();
    }

    /** The daemon's own entry: the host's resources and Felix health checks, as far as their types are installed. */
    private ServiceDefinition systemEntry() {
        List<CheckSpec> checks = HOST_CHECKS.stream().filter(types::containsKey)
                .map(t -> CheckSpec.of(t, Map.of())).toList();
        return new ServiceDefinition(SYSTEM, List.of("vigil"), java.nio.file.Path.of("."), Map.of(), Map.of(),
                checks, List.of(), List.of(), ServiceDefinition.DEFAULT_VERIFY_TIMEOUT, dev.vigil.api.RestartPolicy.DEFAULT,
                Duration.ofSeconds(1), false, "vigil");
    }

    /**
     * Where in its interval a check first runs: spread so that a thousand checks do not all fire
     * at once, but over no more slots of the grid than it takes to hold about
     * {@value #CHECKS_PER_SLOT} each. Every slot in use wakes the timer, a dispatcher and the
     * observers once an interval: 50 checks a second spread over all 20 slots of a second were 20
     * wake-ups where 7 hold them (bench/footprint.sh).
     *
     * @param checks how many checks the config has, all services together
     */
    static Duration spread(String key, Duration interval, int checks) {
        long millis = Math.max(1, interval.toMillis());
        long gridSlots = Math.max(1, millis * 1_000_000L / CheckRunner.SLOT_NANOS);
        long slots = Math.min(gridSlots, Math.max(1, (checks + CHECKS_PER_SLOT - 1) / CHECKS_PER_SLOT));
        long slot = Math.floorMod((long) key.hashCode() * 2654435761L, slots);
        // The same phase for every check of this interval, so that they still share their slots;
        // like the slots, it puts no first run at once (a check of an hour waits its turn). The
        // interval is mixed before the modulo: a multiple of it taken modulo a divisor of it is 0.
        long width = Math.max(1, millis / slots);
        long phase = width <= 1 ? 0 : 1 + Math.floorMod(Long.hashCode(millis * 0x9E3779B97F4A7C15L), width - 1);
        return Duration.ofMillis(slot * millis / slots + phase);
    }

    /**
     * A service changed state. When its process is a new one, its checks start over at once:
     * a DOWN of the old process is not the new one's.
     */
    @Override
    public void handleEvent(Event event) {
        if (!(event.getProperty(Topics.SERVICE) instanceof String name)) {
            return;
        }
        if (event.getProperty(Topics.PID) instanceof Number pid && pid.longValue() > 0) {
            synchronized (this) {
                Watched w = watched.get(name);
                if (w != null) {
                    w.runners.forEach(r -> r.process(pid.longValue()));
                }
            }
        }
        changed(name);
    }

    @Override
    public void recheck(String service) {
        synchronized (this) {
            Watched w = watched.get(service);
            if (w != null) {
                w.runners.forEach(CheckRunner::recheck);
            }
        }
    }

    @Override
    public synchronized void changed(String service) {
        // Only this service and those depending on it, directly or not, can change: with a
        // thousand services, recomputing all of them on every event would be quadratic.
        java.util.Set<String> affected = new java.util.HashSet<>();
        affected.add(service);
        affected.add(ServiceDefinition.groupOf(service)); // what dependents of its copies name
        for (Watched w : watched.values()) {
            if (w.definition.dependsOn().stream().anyMatch(affected::contains)) {
                affected.add(w.definition.name());
                affected.add(ServiceDefinition.groupOf(w.definition.name()));
            }
        }
        refresh(affected);
    }

    /** Recomputes every verdict in start order (dependencies first) and posts the changes. */
    private synchronized Map<String, ServiceHealth> refresh() {
        return refresh(null);
    }

    /**
     * Recomputes the verdicts of {@code which} (all when null), dependencies first, and posts the
     * changes; returns every verdict by name, those of {@code which} with their checks.
     */
    private synchronized Map<String, ServiceHealth> refresh(java.util.Set<String> which) {
        Map<String, ServiceHealth> decided = new HashMap<>();
        List<Event> changes = new ArrayList<>();
        for (Watched w : watched.values()) {
            if (which != null && !which.contains(w.definition.name())) {
                decided.put(w.definition.name(), w.verdict);
                continue;
            }
            List<CheckHealth> checks = w.runners.stream().map(CheckRunner::snapshot).toList();
            List<Verdict.Dependency> deps = new ArrayList<>();
            for (String d : w.definition.dependsOn()) {
                ServiceHealth h = decided.get(d);
                if (h != null) {
                    deps.add(new Verdict.Dependency(d, h.status(), h.cause()));
                } else {
                    List<ServiceHealth> copies = decided.values().stream()
                            .filter(c -> ServiceDefinition.answersTo(c.service(), d)).toList();
                    if (!copies.isEmpty()) {
                        deps.add(CopiesHealth.of(d, copies));
                    }
                }
            }
            Verdict.Outcome o = Verdict.of(process(w.definition.name()), checks, deps);
            ServiceHealth before = w.verdict;
            Instant since = before.status() == o.status() ? before.since() : Instant.now();
            w.verdict = new ServiceHealth(w.definition.name(), o.status(), o.cause(), o.blockedBy(), since, List.of());
            decided.put(w.definition.name(), new ServiceHealth(w.definition.name(), o.status(), o.cause(), o.blockedBy(),
                    since, checks));
            if (before.status() != o.status()) {
                LOG.info("Health of {}: {} -> {} ({})", w.definition.name(), before.status(), o.status(), o.cause());
                Map<String, Object> props = new HashMap<>();
                props.put(Topics.SERVICE, w.definition.name());
                props.put(Topics.FROM, before.status().name());
                props.put(Topics.TO, o.status().name());
                props.put(Topics.CAUSE, o.cause());
                if (o.blockedBy() != null) {
                    props.put("blockedBy", o.blockedBy());
                }
                changes.add(new Event(Topics.HEALTH_CHANGED, props));
            }
        }
        EventAdmin admin = events.get();
        if (admin != null) {
            changes.forEach(admin::postEvent);
        }
        return decided;
    }

    @Override
    public List<ServiceHealth> all() {
        synchronized (this) {
            Map<String, ServiceHealth> fresh = refresh();
            return watched.values().stream().map(w -> fresh.get(w.definition.name())).toList();
        }
    }

    @Override
    public Optional<ServiceHealth> service(String name) {
        synchronized (this) {
            // Only this one: recovery asks often while it verifies a repair, and the verdicts of
            // the others (its dependencies included) are kept current by their own changes.
            return Optional.ofNullable(refresh(java.util.Set.of(name)).get(name));
        }
    }

    @Override
    public Map<String, Number> stats() {
        Map<String, Number> out = new LinkedHashMap<>(lateness.snapshot());
        out.put("checksConfigured", watched.values().stream().mapToInt(w -> w.runners.size()).sum());
        out.put("dispatchQueue", dispatch.getQueue().size());
        out.put("observerDropped", observers.dropped());
        return out;
    }

    @Override
    public CheckType type(String name) {
        return types.get(name);
    }

    @Override
    public ServiceStatus process(String service) {
        if (SYSTEM.equals(service)) {
            return new ServiceStatus(SYSTEM, ServiceState.RUNNING, ProcessHandle.current().pid(),
                    null, 0, null, "", "vigil", Map.of());
        }
        Supervisor s = supervisor.get();
        if (s == null) {
            // While the supervisor is being replaced its processes run on, as last seen.
            return supervisorBeingReplaced() ? lastSeen.get(service) : null;
        }
        ServiceStatus now = s.service(service).orElse(null);
        if (now == null) {
            lastSeen.remove(service);
        } else {
            lastSeen.put(service, now);
        }
        return now;
    }

    @Override
    public void observed(String service, CheckSpec check, CheckResult result) {
        observers.tell(service, check.name(), check.type(), result);
    }

    @Override
    public Executor dispatch() {
        return batches;
    }

    @Override
    public ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public Lateness lateness() {
        return lateness;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
