package dev.vigil.supervisor.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.Topics;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.port.PortUnavailableException;
import dev.vigil.api.recovery.ServiceControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every service of the current {@link SystemConfig}: mechanism only, recovery decides.
 * A new config is applied by difference: unchanged services keep running, changed ones are
 * restarted, removed ones stopped, added ones started. On deactivation every service is
 * stopped, dependents first. Provides {@link Supervisor} for operators and
 * {@link ServiceControl} for recovery, in one registration made once the first start of
 * every service was launched.
 */
// The Supervisor service is registered by hand once the first start of every service has
// been launched, so that its presence means "ready" to the launcher and the shell.
@Component(immediate = true, service = {})
public final class ProcessSupervisor implements Supervisor, ServiceControl {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PortAllocator portAllocator;

    private final Map<String, ServiceProcess> services = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService timers;
    private Path logDir;
    private volatile SystemConfig pendingConfig;
    private volatile boolean active;
    /** Set by {@link #shutdown}: nothing is launched again. */
    private volatile boolean closing;
    private ServiceRegistration<?> registration;
    private Launcher launcher;
    private StaleCopies staleCopies;
    private ExitWatch exits;
    private LogPump logs;
    private StateFile stateFile;
    private Adoption adoption;
    private BundleContext context;
    /** What an earlier daemon (or an earlier activation) left running, until the first config is applied. */
    private Map<String, StateFile.Entry> leftBehind = Map.of();
    /** Ports probed for the wave being launched (see {@link #apply}), taken by each one's launch. */
    private final Map<String, Map<String, Integer>> probed = new java.util.concurrent.ConcurrentHashMap<>();

    @Reference(name = "config", policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedConfig", unbind = "unbindConfig")
    void bindConfig(SystemConfig config) {
        pendingConfig = config;
        if (active) {
            apply(config);
        }
    }

    void updatedConfig(SystemConfig config) {
        bindConfig(config);
    }

    void unbindConfig(SystemConfig config) {
        // A replacement is bound first when there is one; with none, services keep running
        // until the supervisor itself is deactivated.
    }

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        String logsProperty = context.getProperty("vigil.logs");
        logDir = Path.of(logsProperty == null ? "logs" : logsProperty).toAbsolutePath();
        String home = context.getProperty("vigil.home");
        String dataProperty = context.getProperty("vigil.data");
        Path data = Path.of(dataProperty == null ? "data" : dataProperty).toAbsolutePath();
        String installation = installationId(Path.of(home == null ? "." : home));
        exits = new ExitWatch();
        logs = new LogPump(data.resolve("pipes"), logDir);
        stateFile = new StateFile(data.resolve("services.json"), installation);
        leftBehind = new HashMap<>(stateFile.load());
        launcher = new Launcher(installation, this::portsOf, exits);
        staleCopies = new StaleCopies(Path.of("/proc"), installation);
        adoption = new Adoption(launcher, stateFile);
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("vigil-supervisor-" + t.getId());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        timers = pool;
        active = true;
        apply(pendingConfig);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(READY_PROPERTY, Boolean.TRUE);
        registration = context.registerService(new String[] {Supervisor.class.getName(),
            ServiceControl.class.getName()}, this, props);
    }

    /**
     * When the framework stops, every service stops with it (unless {@link #shutdown} did so
     * already). When only this bundle goes (an update, a refresh), services run on and the
     * next supervisor adopts them from the state file.
     */
    @Deactivate
    void deactivate() {
        active = false;
        registration.unregister();
        // A framework restarted by the launcher's watchdog sets vigil.restarting: services are adopted after it.
        boolean frameworkStopping = context.getBundle(0).getState() == org.osgi.framework.Bundle.STOPPING
                && !"true".equals(context.getProperty("vigil.restarting"));
        if (frameworkStopping) {
            shutdown();
        }
        synchronized (services) {
            services.clear();
        }
        timers.shutdownNow();
        stateFile.close();
        logs.close();
        launcher.close();
        exits.close();
        LOG.info(frameworkStopping || closing ? "Supervisor stopped; all services are down"
                : "Supervisor stopped; services keep running, to be adopted by the next supervisor");
    }

    private synchronized void apply(SystemConfig config) {
        if (closing) {
            LOG.info("Config {} not applied: the daemon is shutting down", config.source());
            return;
        }
        Map<String, ServiceProcess> old;
        synchronized (services) {
            old = new HashMap<>(services);
        }
        List<ServiceProcess> toStop = new ArrayList<>();
        for (ServiceProcess p : old.values()) {
            ServiceDefinition next = config.services().get(p.definition().name());
            if (!p.definition().equals(next)) {
                toStop.add(p);
            }
        }
        stopInOrder(toStop, false);
        toStop.stream().map(p -> p.definition().name()).filter(n -> !config.services().containsKey(n))
                .forEach(logs::remove);
        PortAllocator allocator = portAllocator;
        if (allocator != null) {
            // Leases of services gone from the config, including those left from an earlier run.
            allocator.assignments().stream().map(a -> a.service()).distinct()
                    .filter(n -> !config.services().containsKey(n)).forEach(allocator::release);
        }
        Map<String, ServiceProcess> next = new LinkedHashMap<>();
        List<ServiceProcess> created = new ArrayList<>();
        for (ServiceDefinition def : config.startOrder()) {
            ServiceProcess kept = old.get(def.name());
            if (kept != null && kept.definition().equals(def)) {
                next.put(def.name(), kept);
            } else {
                ServiceProcess made = new ServiceProcess(def, surroundings(def), timers, clock, this::assignPortsAlone,
                        launcher, listener);
                next.put(def.name(), made);
                created.add(made);
            }
        }
        synchronized (services) {
            services.clear();
            services.putAll(next);
        }
        // Wave by wave, so that a dependent's launch is compared with its dependencies' adopted ports.
        int started = 0;
        int adopted = 0;
        for (List<ServiceProcess> wave : StartWaves.of(created)) {
            List<ServiceProcess> toStart = new ArrayList<>();
            for (ServiceProcess p : wave) {
                if (adoption.adopt(p, leftBehind.remove(p.definition().name()))) {
                    adopted++;
                } else if (p.definition().autostart()) {
                    toStart.add(p);
                }
            }
            // Probed one after the other before the wave launches side by side: a probe waits
            // for every launch under way (see assignPortsAlone), so probing between launches
            // would put them back in single file.
            for (ServiceProcess p : toStart) {
                try {
                    probed.put(p.definition().name(), assignPortsAlone(p.definition()));
                } catch (PortUnavailableException e) {
                    // its start asks again, and fails with its own reason
                }
            }
            StartWaves.together(toStart, p -> p.start(false));
            probed.clear();
            started += toStart.size();
        }
        leftBehind.forEach(adoption::stopLeftover);
        leftBehind.clear();
        logs.removePipesBut(config.services().keySet());
        stateFile.flush(); // ready means a daemon killed now finds every launch in the state file
        LOG.info("Applied config {}: {} services, {} started, {} adopted, {} stopped", config.source(), next.size(),
                started, adopted, toStop.size());
    }

    private ServiceProcess.Surroundings surroundings(ServiceDefinition def) {
        try {
            return new ServiceProcess.Surroundings(logs.sink(def.name(), def.log()), stateFile, staleCopies);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot open the log of service " + def.name() + ": " + e.getMessage(), e);
        }
    }

    /** Ports are probed by binding them: never while a launch could copy the probe's socket (see {@link Launcher}). */
    private Map<String, Integer> assignPortsAlone(ServiceDefinition def) throws PortUnavailableException {
        Map<String, Integer> already = probed.remove(def.name());
        if (already != null) {
            return already;
        }
        Lock probing = launcher.probing();
        probing.lock();
        try {
            return assignPorts(def);
        } finally {
            probing.unlock();
        }
    }

    private Map<String, Integer> assignPorts(ServiceDefinition def) throws PortUnavailableException {
        if (def.ports().isEmpty()) {
            return Map.of();
        }
        PortAllocator allocator = portAllocator;
        if (allocator != null) {
            return allocator.allocate(def.name(), def.ports());
        }
        // Without the ports bundle a service gets what it asked for, unchecked.
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, PortSpec> e : def.ports().entrySet()) {
            int port = e.getValue().preferred() != 0 ? e.getValue().preferred() : e.getValue().low();
            if (port == 0) {
                throw new PortUnavailableException("port " + e.getKey() + " is \"auto\" but no port allocator"
                        + " is installed (the vigil-ports bundle)");
            }
            out.put(e.getKey(), port);
        }
        return out;
    }

    /**
     * Stops in waves: first every service nothing left depends on, then what those depended
     * on, so that no service outlives a dependent it serves.
     */
    private static void stopInOrder(List<ServiceProcess> processes, boolean operator) {
        List<ServiceProcess> left = new ArrayList<>(processes);
        while (!left.isEmpty()) {
            List<ServiceProcess> wave = left.stream().filter(p -> left.stream()
                    .noneMatch(q -> q.definition().dependsOn()
                            .contains(ServiceDefinition.groupOf(p.definition().name())))).toList();
            if (wave.isEmpty()) {
                wave = List.copyOf(left); // the validator refuses cycles; never wait on one
            }
            stopAll(wave, operator);
            left.removeAll(wave);
        }
    }

    private static void stopAll(List<ServiceProcess> processes, boolean operator) {
        // Stopping in parallel keeps a slow service from holding up the others' SIGTERM,
        // but dependents are signalled before what they depend on.
        List<Thread> stoppers = new ArrayList<>();
        for (ServiceProcess p : processes) {
            Thread t = new Thread(() -> p.stop(operator), "vigil-stop-" + p.definition().name());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final ServiceProcess.Listener listener = new ServiceProcess.Listener() {
        @Override
        public void stateChanged(ServiceStatus before, ServiceStatus after, boolean operator) {
            LOG.info("Service {}: {} -> {} {}", after.name(), before.state(), after.state(), after.message());
            Map<String, Object> props = new HashMap<>();
            props.put(Topics.SERVICE, after.name());
            props.put(Topics.FROM, before.state().name());
            props.put(Topics.TO, after.state().name());
            props.put(Topics.MESSAGE, after.message());
            props.put(Topics.PID, after.pid());
            props.put(Topics.OPERATOR, operator);
            post(Topics.SERVICE_STATE, props);
        }

        @Override
        public void exited(ServiceStatus after, ServiceProcess.Exit exit) {
            Map<String, Object> props = new HashMap<>();
            props.put(Topics.SERVICE, after.name());
            props.put(Topics.PID, exit.pid());
            if (exit.exitCode() != null) {
                props.put(Topics.EXIT_CODE, exit.exitCode());
            }
            if (exit.signal() != null) {
                props.put(Topics.SIGNAL, exit.signal());
            }
            props.put(Topics.UP_MILLIS, exit.upFor().toMillis());
            props.put(Topics.EXPECTED, exit.expected());
            props.put(Topics.PORT_CONFLICT, exit.portConflict());
            if (exit.port() != null) {
                props.put(Topics.PORT, exit.port());
            }
            props.put(Topics.MESSAGE, exit.message());
            post(Topics.SERVICE_EXITED, props);
        }
    };

    private void post(String topic, Map<String, Object> props) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(topic, props));
        }
    }

    /** {@code ${port.web.http}} of a dependent, when web runs copies, is the first copy's port. */
    private Map<String, Integer> portsOf(String service) {
        ServiceProcess p = services.get(service);
        if (p == null) {
            p = services.get(ServiceDefinition.instanceName(service, 1));
        }
        return p == null ? Map.of() : p.assigned();
    }

    /** A digest of the installation's real path: the same for every daemon of this installation, whatever its data. */
    static String installationId(Path home) {
        String where;
        try {
            where = home.toRealPath().toString();
        } catch (java.io.IOException e) {
            where = home.toAbsolutePath().normalize().toString();
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(where.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    @Override
    public List<ServiceStatus> services() {
        synchronized (services) {
            return services.values().stream().map(ServiceProcess::status).toList();
        }
    }

    @Override
    public Optional<ServiceStatus> service(String name) {
        ServiceProcess p = services.get(name);
        return p == null ? Optional.empty() : Optional.of(p.status());
    }

    @Override
    public List<String> notices() {
        List<String> out = new ArrayList<>();
        String state = stateFile == null ? null : stateFile.failure();
        if (state != null) {
            out.add(state);
        }
        if (logs != null) {
            out.addAll(logs.failures());
        }
        return out;
    }

    @Override
    public void shutdown() {
        closing = true;
        List<ServiceProcess> all;
        synchronized (services) {
            all = new ArrayList<>(services.values());
        }
        // As an operator's stop: recovery abandons what it was doing instead of fighting the shutdown.
        stopInOrder(all, true);
        LOG.info("Every service is stopped for shutdown");
    }

    @Override
    public ServiceStatus start(String name) {
        ServiceProcess p = find(name);
        refuseWhenClosing();
        p.start(true);
        return p.status();
    }

    @Override
    public ServiceStatus stop(String name) {
        ServiceProcess p = find(name);
        p.stop(true);
        return p.status();
    }

    @Override
    public ServiceStatus restart(String name) {
        ServiceProcess p = find(name);
        refuseWhenClosing();
        p.stop(true);
        p.start(true);
        return p.status();
    }

    @Override
    public ServiceStatus relaunch(String name, Duration delay, String reason) {
        ServiceProcess p = find(name);
        return closing ? p.status() : p.relaunch(delay, reason);
    }

    @Override
    public ServiceStatus giveUp(String name, String reason) {
        return find(name).giveUp(reason);
    }

    @Override
    public String evict(String name, long pid) {
        ServiceProcess p = find(name);
        ServiceStatus own = p.status();
        boolean mine = false;
        for (Optional<ProcessHandle> h = ProcessHandle.of(pid); h.isPresent() && own.pid() > 0; h = h.get().parent()) {
            mine |= h.get().pid() == own.pid();
        }
        if (mine) {
            return "pid " + pid + " is the service's own running process, not a stale copy";
        }
        String why = staleCopies.evict(name, pid, p.definition().stopTimeout());
        if (why == null) {
            LOG.warn("Service {}: evicted its stale copy, pid {}", name, pid);
        } else {
            LOG.warn("Service {}: left pid {} alone: {}", name, pid, why);
        }
        return why;
    }

    private void refuseWhenClosing() {
        if (closing) {
            throw new IllegalStateException("the daemon is shutting down; nothing is started any more");
        }
    }

    private ServiceProcess find(String name) {
        ServiceProcess p = services.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no service named \"" + name + "\"; known services: "
                    + String.join(", ", services.keySet()));
        }
        return p;
    }
}
