package dev.vigil.recovery.coordinator.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.Topics;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.Journal;
import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.recovery.ConfigControl;
import dev.vigil.api.recovery.Failure;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.recovery.RecoveryCoordinator;
import dev.vigil.api.recovery.RecoveryStrategy;
import dev.vigil.api.recovery.ServiceControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * The recovery coordinator, the only place that decides: a process exit, a DOWN verdict or
 * a refused config becomes a {@link Failure} of a kind, handed to the service's strategies
 * as an {@link Incident}, one at a time per service. A service DOWN because a dependency is
 * DOWN is never repaired itself: once the dependency is repaired it is checked again. A
 * service whose port moved has the dependents that refer to it restarted after it.
 */
@Component(service = {RecoveryCoordinator.class, EventHandler.class}, immediate = true, property = {
    EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_EXITED,
    EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_STATE,
    EventConstants.EVENT_TOPIC + "=" + Topics.HEALTH_CHANGED,
    EventConstants.EVENT_TOPIC + "=" + Topics.CONFIG_REJECTED
})
public final class Coordinator implements RecoveryCoordinator, EventHandler, Incident.Context {
    /** The failures of the config itself are filed under the daemon's own entry. */
    static final String SYSTEM = "system";
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private volatile Supervisor supervisor;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceControl control;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthMonitor monitor;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Journal journal;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigControl configControl;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PortAllocator ports;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemConfig config;

    private final Map<String, RecoveryStrategy> strategies = new ConcurrentHashMap<>();
    private final Map<String, Incident> incidents = new ConcurrentHashMap<>();
    private final Map<String, Failure> latest = new ConcurrentHashMap<>();
    private final Map<String, Failure> lastCrash = new ConcurrentHashMap<>();
    private final HealthyTime healthy = new HealthyTime();
    private final RecentAttempts recent = new RecentAttempts(1000);
    private final Clock clock = Clock.systemUTC();
    private ExecutorService pool;
    /**
     * One thread for what waits on a clock (the end of a start grace), so that a thousand
     * services starting at once do not hold a thousand sleeping threads.
     */
    private ScheduledExecutorService timer;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindStrategy(RecoveryStrategy s) {
        strategies.put(s.name(), s);
        LOG.info("Recovery strategy {} installed", s.name());
    }

    void unbindStrategy(RecoveryStrategy s) {
        strategies.remove(s.name(), s);
        LOG.info("Recovery strategy {} removed", s.name());
    }

    /** A supervisor that arrives may have had failures nobody heard of: they are looked for at once. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSupervisor(Supervisor s) {
        supervisor = s;
        ExecutorService p = pool;
        if (p != null && !p.isShutdown()) {
            p.execute(this::lookNow);
        }
    }

    void unbindSupervisor(Supervisor s) {
        if (supervisor == s) {
            supervisor = null;
        }
    }

    @Activate
    void activate() {
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vigil-recovery");
            t.setDaemon(true);
            return t;
        });
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-recovery-timer");
            t.setDaemon(true);
            return t;
        });
        pool.execute(this::lookNow);
    }

    /** Hands every failure there is now to recovery: those that happened before this coordinator listened. */
    private void lookNow() {
        Supervisor s = supervisor;
        HealthMonitor m = monitor;
        if (s == null) {
            return;
        }
        for (ServiceStatus st : s.services()) {
            Failure f = failureNow(st, m == null ? Optional.empty() : m.service(st.name()));
            if (f != null && !incidents.containsKey(st.name())) {
                begin(f);
            }
        }
    }

    @Deactivate
    void deactivate() {
        incidents.values().forEach(Incident::cancel);
        pool.shutdownNow();
        timer.shutdownNow();
    }

    @Override
    public void handleEvent(Event event) {
        String service = String.valueOf(event.getProperty(Topics.SERVICE));
        switch (event.getTopic()) {
            case Topics.SERVICE_EXITED -> exited(service, event);
            case Topics.SERVICE_STATE -> {
                if (Boolean.TRUE.equals(event.getProperty(Topics.OPERATOR))) {
                    Incident i = incidents.get(service);
                    if (i != null) {
                        LOG.info("Service {}: an operator took over; recovery stops", service);
                        i.cancel();
                    }
                    lastCrash.remove(service);
                }
            }
            case Topics.HEALTH_CHANGED -> health(service, event);
            case Topics.CONFIG_REJECTED -> begin(new Failure(SYSTEM, FailureKind.CONFIG_INVALID,
                    "config refused: " + oneLine(String.valueOf(event.getProperty(Topics.ERROR))), clock.instant(),
                    Duration.ZERO, null));
            default -> {
            }
        }
    }

    private void exited(String service, Event event) {
        if (Boolean.TRUE.equals(event.getProperty(Topics.EXPECTED))) {
            return;
        }
        boolean port = Boolean.TRUE.equals(event.getProperty(Topics.PORT_CONFLICT));
        Object up = event.getProperty(Topics.UP_MILLIS);
        Duration upFor = Duration.ofMillis(up instanceof Number n ? n.longValue() : 0);
        Duration was = healthy.consume(service, clock.instant());
        Failure f = new Failure(service, port ? FailureKind.PORT_CONFLICT : FailureKind.CRASHED,
                String.valueOf(event.getProperty(Topics.MESSAGE)), clock.instant(),
                was.compareTo(upFor) > 0 ? upFor : was, (String) event.getProperty(Topics.PORT));
        lastCrash.put(service, f);
        begin(f);
    }

    private void health(String service, Event event) {
        String to = String.valueOf(event.getProperty(Topics.TO));
        Instant now = clock.instant();
        if (to.equals(HealthStatus.UP.name()) || to.equals(HealthStatus.DEGRADED.name())) {
            healthy.up(service, now);
            if (!incidents.containsKey(service)) {
                pool.execute(() -> recheckDependents(service));
            }
            return;
        }
        healthy.down(service, now);
        if (!to.equals(HealthStatus.DOWN.name()) || event.getProperty("blockedBy") != null) {
            return; // a dependency is DOWN: it is repaired, then this one is checked again
        }
        Supervisor s = supervisor;
        HealthMonitor m = monitor;
        Optional<ServiceStatus> st = s == null ? Optional.empty() : s.service(service);
        Optional<ServiceHealth> h = m == null ? Optional.empty() : m.service(service);
        if (st.isPresent() && h.isPresent() && downByItsOwnChecks(st.get(), h.get())) {
            Instant graceEnd = startGraceEnd(st.get());
            if (graceEnd != null && now.isBefore(graceEnd)) {
                atGraceEnd(st.get(), graceEnd, now);
                return;
            }
            begin(new Failure(service, FailureKind.UNHEALTHY, h.get().cause(), now, healthy.consume(service, now), null));
        }
    }

    /**
     * A process that has not been healthy once since its start is starting, not hung: it gets
     * its verify timeout from the start, as a repair would, before it is repaired. Null when
     * it was healthy since its start (or the service is gone).
     */
    private Instant startGraceEnd(ServiceStatus st) {
        SystemConfig c = config;
        ServiceDefinition def = c == null ? null : c.services().get(st.name());
        Instant up = healthy.lastUp(st.name());
        if (def == null || st.startedAt() == null || up != null && !up.isBefore(st.startedAt())) {
            return null;
        }
        return st.startedAt().plus(def.verifyTimeout());
    }

    private void atGraceEnd(ServiceStatus was, Instant graceEnd, Instant now) {
        Runnable check = () -> {
            try {
                afterStartGrace(was, graceEnd);
            } catch (RuntimeException e) {
                LOG.error("Recovery: the start grace of {} ended in an error", was.name(), e);
            }
        };
        try {
            timer.schedule(check, Math.max(0, Duration.between(now, graceEnd).toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Deactivated meanwhile: nothing is repaired any more.
        }
    }

    /** At the end of {@code was}'s start grace: repaired if it is still down by its own checks, with the same process. */
    private void afterStartGrace(ServiceStatus was, Instant graceEnd) {
        Supervisor s = supervisor;
        HealthMonitor m = monitor;
        Optional<ServiceStatus> st = s == null ? Optional.empty() : s.service(was.name());
        Optional<ServiceHealth> h = m == null ? Optional.empty() : m.service(was.name());
        if (st.isPresent() && h.isPresent() && st.get().pid() == was.pid() && downByItsOwnChecks(st.get(), h.get())
                && startGraceEnd(st.get()) != null) {
            begin(new Failure(was.name(), FailureKind.UNHEALTHY, "not healthy within "
                    + Duration.between(was.startedAt(), graceEnd).toMillis() + " ms of its start: " + h.get().cause(),
                    clock.instant(), Duration.ZERO, null));
        }
    }

    /** Starts an incident for the failure, unless one is under way: that one then sees it as the current failure. */
    void begin(Failure f) {
        SystemConfig c = config;
        ExecutorService p = pool;
        if (c == null || p == null || p.isShutdown()) {
            return;
        }
        ServiceDefinition def = c.services().get(f.service());
        if (def == null && !f.service().equals(SYSTEM)) {
            return;
        }
        if (f.kind() == FailureKind.UNHEALTHY && dependencyDown(def)) {
            LOG.info("Service {} is DOWN while a dependency is being repaired; it is checked again after", f.service());
            return;
        }
        Incident incident = new Incident(f, def == null ? configStrategies() : def.recovery(),
                def == null ? ServiceDefinition.DEFAULT_VERIFY_TIMEOUT : def.verifyTimeout(),
                def == null ? 1 : def.restart().maxRestarts() + 1, this, clock);
        if (incidents.putIfAbsent(f.service(), incident) != null) {
            latest.put(f.service(), f);
            return;
        }
        LOG.warn("Service {}: {} ({}); recovering with {}", f.service(), f.kind(), f.cause(),
                def == null ? configStrategies() : def.recovery());
        Map<String, Integer> portsBefore = portsOf(f.service());
        p.execute(() -> {
            boolean ok = false;
            try {
                ok = incident.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("Recovery of {} failed", f.service(), e);
            } finally {
                incidents.remove(f.service(), incident);
                latest.remove(f.service());
            }
            if (ok) {
                lastCrash.remove(f.service());
                new Followers(this, supervisor, control).restartAfterMove(f.service(), portsBefore);
                recheckDependents(f.service());
            }
        });
    }

    private boolean dependencyDown(ServiceDefinition def) {
        HealthMonitor m = monitor;
        SystemConfig c = config;
        for (String d : def.dependsOn()) {
            // A dependency run as copies is down when every copy is: one copy left still serves.
            List<String> names = c == null ? List.of() : c.services().keySet().stream()
                    .filter(n -> ServiceDefinition.answersTo(n, d)).toList();
            if ((names.isEmpty() ? List.of(d) : names).stream().allMatch(n -> incidents.containsKey(n)
                    || m != null && m.service(n).map(h -> h.status() == HealthStatus.DOWN).orElse(false))) {
                return true;
            }
        }
        return false;
    }

    private List<String> configStrategies() {
        return strategies.values().stream().filter(s -> s.handles().contains(FailureKind.CONFIG_INVALID))
                .map(RecoveryStrategy::name).sorted().toList();
    }

    /** Dependents of a repaired service that are still DOWN by their own checks after a grace get repaired too. */
    void recheckDependents(String service) {
        SystemConfig c = config;
        HealthMonitor m = monitor;
        if (c == null || m == null) {
            return;
        }
        for (ServiceDefinition d : c.startOrder()) {
            if (d.dependsOn().contains(ServiceDefinition.groupOf(service)) && !incidents.containsKey(d.name())) {
                pool.execute(() -> DependentCheck.run(d, m, this::beginUnhealthy));
            }
        }
    }

    private void beginUnhealthy(String service, String cause) {
        begin(new Failure(service, FailureKind.UNHEALTHY, cause, clock.instant(), Duration.ZERO, null));
    }

    private Map<String, Integer> portsOf(String service) {
        Supervisor s = supervisor;
        return s == null ? Map.of() : s.service(service).map(ServiceStatus::ports).orElse(Map.of());
    }

    SystemConfig config() {
        return config;
    }

    @Override
    public RecoveryStrategy strategy(String name) {
        return strategies.get(name);
    }

    @Override
    public Verification.Result verify(Failure failure, Duration timeout, Incident incident) throws InterruptedException {
        if (failure.kind() == FailureKind.CONFIG_INVALID) {
            ConfigControl cc = configControl;
            return cc != null && cc.lastKnownGoodInForce()
                    ? new Verification.Result(true, "the last-known-good config is in force")
                    : new Verification.Result(false, "the last-known-good config is not in force");
        }
        Supervisor s = supervisor;
        if (s == null) {
            return new Verification.Result(false, "the supervisor is not running");
        }
        return new Verification(s, monitor).await(failure.service(), timeout, incident::cancelled);
    }

    @Override
    public Failure current(Failure failure) {
        Failure seen = latest.remove(failure.service());
        return seen == null ? failure : seen;
    }

    @Override
    public void giveUp(String service, String reason) {
        ServiceControl c = control;
        if (SYSTEM.equals(service) || c == null) {
            LOG.error("Recovery of {} gave up: {}", service, reason);
            return;
        }
        c.giveUp(service, reason);
    }

    @Override
    public void record(RecoveryRecord attempt) {
        Journal j = journal;
        if (j != null) {
            j.record(attempt);
        }
        recent.add(attempt);
        EventAdmin admin = events;
        if (admin != null) {
            Map<String, Object> props = new HashMap<>();
            props.put(Topics.SERVICE, attempt.service());
            props.put("kind", attempt.kind().name());
            props.put("strategy", attempt.strategy());
            props.put("outcome", attempt.outcome().name());
            props.put(Topics.MESSAGE, attempt.detail());
            props.put("millis", attempt.duration().toMillis());
            admin.postEvent(new Event(Topics.RECOVERY, props));
        }
    }

    @Override
    public Map<String, String> active() {
        Map<String, String> out = new LinkedHashMap<>();
        incidents.forEach((name, i) -> out.put(name, i.working().isEmpty() ? "verifying" : i.working()));
        return out;
    }

    @Override
    public Sweep sweep(Duration timeout) {
        return new Sweeper(this, supervisor, monitor, recent).sweep(timeout);
    }

    /** For the sweep: what is failing now, as a failure to hand to recovery, or null. */
    Failure failureNow(ServiceStatus st, Optional<ServiceHealth> health) {
        Instant now = clock.instant();
        if (incidents.containsKey(st.name())) {
            return incidents.get(st.name()).failure();
        }
        if (st.state() == ServiceState.BACKOFF && st.pid() <= 0) {
            Failure crash = lastCrash.get(st.name());
            if (crash != null) {
                return crash;
            }
            // Its exit was posted before this coordinator listened: the allocator still knows a taken port.
            PortAllocator p = ports;
            String prefix = st.name() + ".";
            Optional<String> taken = p == null ? Optional.empty() : p.unavailable().keySet().stream()
                    .filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).findFirst();
            return new Failure(st.name(), taken.isPresent() ? FailureKind.PORT_CONFLICT : FailureKind.CRASHED,
                    st.message(), now, Duration.ZERO, taken.orElse(null));
        }
        if (health.isPresent() && downByItsOwnChecks(st, health.get())) {
            return new Failure(st.name(), FailureKind.UNHEALTHY, health.get().cause(), now, Duration.ZERO, null);
        }
        return null;
    }

    /**
     * DOWN now, by the checks of the process that runs now: not for a dependency, and not a
     * verdict left from a process that has since been replaced (an event may arrive late).
     */
    static boolean downByItsOwnChecks(ServiceStatus st, ServiceHealth h) {
        return st.pid() > 0 && (st.state() == ServiceState.RUNNING || st.state() == ServiceState.STARTING)
                && h.status() == HealthStatus.DOWN && h.blockedBy() == null && st.startedAt() != null
                && !h.since().isBefore(st.startedAt());
    }

    boolean busy() {
        return !incidents.isEmpty();
    }

    private static String oneLine(String text) {
        String joined = String.join("; ", text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
        return joined.length() > 500 ? joined.substring(0, 497) + "..." : joined;
    }
}
