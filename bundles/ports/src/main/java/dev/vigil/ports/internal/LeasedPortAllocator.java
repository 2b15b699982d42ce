package dev.vigil.ports.internal;

import dev.vigil.api.Topics;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortConflictException;
import dev.vigil.api.port.PortHolder;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.port.PortUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port allocator: probes ports by binding them and keeps assignments as leases in
 * {@code data/ports.json}, so a service keeps its port across its own restarts and the
 * daemon's. A taken port is reported as a conflict; only {@link #reassign} (recovery's
 * reassign-port) moves a service to another one.
 */
@Component(service = PortAllocator.class, immediate = true)
public final class LeasedPortAllocator implements PortAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(LeasedPortAllocator.class);

    private final Map<String, Map<String, PortAssignment>> leases = new LinkedHashMap<>();
    private final Map<String, String> unavailable = new java.util.TreeMap<>();
    /** Why recovery could find no other port, by {@code service.port}: said beside the conflict until the port is given. */
    private final Map<String, String> exhausted = new java.util.TreeMap<>();
    private PortProbe probe;
    private ListenerTable listeners;
    private LeaseFile file;
    private Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    public LeasedPortAllocator() {
    }

    /** For tests: a lease file and a /proc of their choosing. */
    LeasedPortAllocator(Path leaseFile, Path proc, Clock clock) {
        init(leaseFile, proc, clock);
    }

    @Activate
    void activate(BundleContext context) {
        String data = context.getProperty("vigil.data");
        init(Path.of(data == null ? "data" : data).resolve("ports.json"), Path.of("/proc"), Clock.systemUTC());
    }

    private void init(Path leaseFile, Path proc, Clock clock) {
        this.probe = new PortProbe();
        this.listeners = new ListenerTable(proc);
        this.file = new LeaseFile(leaseFile);
        this.clock = clock;
        for (PortAssignment a : file.load()) {
            leases.computeIfAbsent(a.service(), s -> new LinkedHashMap<>()).put(a.name(), a);
        }
    }

    private volatile String saveFailure;

    @Override
    public synchronized Map<String, Integer> allocate(String service, Map<String, PortSpec> ports)
            throws PortUnavailableException {
        Map<String, PortAssignment> current = leases.getOrDefault(service, Map.of());
        Map<String, PortAssignment> next = new LinkedHashMap<>();
        Map<String, Integer> result = new LinkedHashMap<>();
        unavailable.keySet().removeIf(k -> k.startsWith(service + "."));
        for (Map.Entry<String, PortSpec> e : ports.entrySet()) {
            PortAssignment a;
            try {
                a = assign(service, e.getKey(), e.getValue(), current.get(e.getKey()), result);
            } catch (PortUnavailableException ex) {
                unavailable.put(service + "." + e.getKey(), ex.getMessage());
                throw ex;
            }
            next.put(e.getKey(), a);
            result.put(e.getKey(), a.port());
        }
        exhausted.keySet().removeIf(k -> k.startsWith(service + "."));
        if (!next.equals(current)) {
            leases.put(service, next);
            save();
        }
        return result;
    }

    private PortAssignment assign(String service, String name, PortSpec spec, PortAssignment lease,
                                  Map<String, Integer> givenNow) throws PortUnavailableException {
        if (lease != null && lease.spec().equals(spec)) {
            if (usable(lease.port(), service, givenNow)) {
                return lease;
            }
            throw conflict(service, name, lease.port());
        }
        int preferred = spec.preferred();
        if (preferred != 0) {
            if (usable(preferred, service, givenNow)) {
                return made(service, name, preferred, spec, lease, "preferred");
            }
            throw conflict(service, name, preferred);
        }
        return another(service, name, spec, lease, givenNow, -1);
    }

    @Override
    public synchronized int reassign(String service, String name, PortSpec spec) throws PortUnavailableException {
        Map<String, PortAssignment> current = leases.getOrDefault(service, Map.of());
        PortAssignment lease = current.get(name);
        int old = lease != null && lease.spec().equals(spec) ? lease.port() : spec.preferred();
        Map<String, Integer> others = new LinkedHashMap<>();
        current.forEach((n, a) -> {
            if (!n.equals(name)) {
                others.put(n, a.port());
            }
        });
        PortAssignment next;
        try {
            next = another(service, name, spec, lease, others, old);
        } catch (PortUnavailableException e) {
            exhausted.put(service + "." + name, e.getMessage());
            throw e;
        }
        Map<String, PortAssignment> updated = new LinkedHashMap<>(current);
        updated.put(name, next);
        leases.put(service, updated);
        unavailable.remove(service + "." + name);
        exhausted.remove(service + "." + name);
        save();
        moved(service, name, lease == null ? 0 : lease.port(), next.port());
        return next.port();
    }

    /** Tells the journal (and whoever listens) that a port moved. */
    private void moved(String service, String name, int from, int to) {
        EventAdmin admin = events;
        if (admin != null && from != to) {
            admin.postEvent(new Event(Topics.PORT_REASSIGNED, Map.of(Topics.SERVICE, service, Topics.PORT, name,
                    Topics.FROM, from, Topics.TO, to, Topics.MESSAGE, "port " + name + " moved from "
                            + (from == 0 ? "none" : String.valueOf(from)) + " to " + to)));
        }
    }

    /** A port other than {@code old} (-1 for none): the first free one of the range, else any free one. */
    private PortAssignment another(String service, String name, PortSpec spec, PortAssignment lease,
                                   Map<String, Integer> givenNow, int old) throws PortUnavailableException {
        String who = service + "." + name;
        List<Integer> refused = old > 0 ? List.of(old) : List.of();
        if (spec.hasRange()) {
            for (int p = spec.low(); p <= spec.high(); p++) {
                if (p != old && usable(p, service, givenNow)) {
                    return moved(service, name, p, spec, lease, refused, "next free port of " + spec.low() + "-" + spec.high());
                }
            }
            throw new PortUnavailableException("port " + who + ": every port of " + spec.low() + "-" + spec.high()
                    + " is taken" + (old > 0 ? " (" + old + " " + describe(old, service) + ")" : "")
                    + "; widen the range, free a port, or use \"auto\"");
        }
        try {
            // The system offers recently closed ports again, including ones leased or given just now.
            for (int attempt = 0; attempt < 20; attempt++) {
                int port = probe.anyFree();
                if (port != old && usable(port, service, givenNow)) {
                    return moved(service, name, port, spec, lease, refused, "a free port");
                }
            }
            throw new IOException("the system offered no free port that is not leased in 20 attempts");
        } catch (IOException ex) {
            throw new PortUnavailableException("port " + who + ": " + ex.getMessage());
        }
    }

    private PortConflictException conflict(String service, String name, int port) {
        String other = leasedToOther(port, service);
        PortHolder holder = holder(port).orElse(null);
        if (holder == null && other != null) {
            holder = new PortHolder(port, -1, "?", "leased to service " + other);
        }
        return new PortConflictException(service, name, port, holder);
    }

    private PortAssignment moved(String service, String name, int port, PortSpec spec, PortAssignment lease,
                                 List<Integer> refused, String what) {
        if (!refused.isEmpty()) {
            int old = refused.get(0);
            String why = describe(old, service);
            LOG.warn("Service {}: port {} moved from {} to {}: {} is {}", service, name, old, port, old, why);
            return made(service, name, port, spec, lease, old + " was " + why + "; took " + what);
        }
        return made(service, name, port, spec, lease, what);
    }

    private PortAssignment made(String service, String name, int port, PortSpec spec, PortAssignment lease,
                                String reason) {
        if (lease != null && lease.port() == port && lease.spec().equals(spec)) {
            return lease;
        }
        return new PortAssignment(service, name, port, spec, clock.instant(), reason);
    }

    /** Why {@code port} is not for {@code service}; its own lease is no reason, so not named as one. */
    private String describe(int port, String service) {
        String other = leasedToOther(port, service);
        if (other != null) {
            return "leased to service " + other;
        }
        return holder(port).map(h -> "held by " + h).orElse(port < 1024 && !"root".equals(System.getProperty("user.name"))
                ? "below 1024, which only root may bind; run the service on a higher port or give Vigil the right"
                : "taken (no listener visible; a connection in use?)");
    }

    private boolean usable(int port, String service, Map<String, Integer> givenNow) {
        return !givenNow.containsValue(port) && leasedToOther(port, service) == null && probe.isFree(port);
    }

    private String leasedToOther(int port, String service) {
        for (Map.Entry<String, Map<String, PortAssignment>> e : leases.entrySet()) {
            if (!e.getKey().equals(service) && e.getValue().values().stream().anyMatch(a -> a.port() == port)) {
                return e.getKey();
            }
        }
        return null;
    }

    @Override
    public synchronized int expected(String service, String name, PortSpec spec) {
        PortAssignment lease = leases.getOrDefault(service, Map.of()).get(name);
        return lease != null && lease.spec().equals(spec) ? lease.port() : spec.preferred();
    }

    @Override
    public synchronized Map<String, String> unavailable() {
        Map<String, String> out = new java.util.TreeMap<>(unavailable);
        exhausted.forEach((k, why) -> out.merge(k, why, (conflict, range) -> conflict + "; " + range));
        return Map.copyOf(out);
    }

    @Override
    public synchronized void release(String service) {
        unavailable.keySet().removeIf(k -> k.startsWith(service + "."));
        exhausted.keySet().removeIf(k -> k.startsWith(service + "."));
        if (leases.remove(service) != null) {
            save();
        }
    }

    @Override
    public synchronized List<PortAssignment> assignments() {
        List<PortAssignment> all = new ArrayList<>();
        leases.values().forEach(m -> all.addAll(m.values()));
        all.sort(Comparator.comparing(PortAssignment::service).thenComparing(PortAssignment::name));
        return all;
    }

    @Override
    public Optional<PortHolder> holder(int port) {
        return listeners.holder(port);
    }

    @Override
    public Map<Integer, PortHolder> holders() {
        return listeners.all();
    }

    private void save() {
        try {
            file.save(assignments());
            saveFailure = null;
        } catch (IOException e) {
            LOG.error("Could not save the port leases: {}", e.toString());
            saveFailure = "cannot save the port leases (" + e.getMessage() + "); the file keeps the leases before"
                    + " it, so a restart may move ports given since";
        }
    }

    @Override
    public List<String> notices() {
        String f = saveFailure;
        return f == null ? List.of() : List.of(f);
    }
}
