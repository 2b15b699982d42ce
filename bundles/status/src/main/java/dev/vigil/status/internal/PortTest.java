package dev.vigil.status.internal;

import dev.vigil.api.HttpSettings;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortHolder;
import dev.vigil.api.status.PortEntry;
import dev.vigil.api.status.PortsStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port test of the system: every assignment, whether its port answers, who holds it (its
 * service, or a foreign process with pid, user and command line), and every conflict. No
 * conflict only when every running service's ports answer and are held by that service, and
 * no service had to move off a port someone else holds.
 */
final class PortTest {
    private static final int CONNECT_TIMEOUT_MS = 300;

    private PortTest() {
    }

    static PortsStatus run(PortAllocator allocator, List<ServiceStatus> services, Instant at) {
        List<PortEntry> rows = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<Long, String> owners = owners(services);
        Map<Integer, PortHolder> listeners = allocator.holders();
        Map<String, ServiceStatus> byName = new HashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        for (PortAssignment a : allocator.assignments()) {
            ServiceStatus status = byName.get(a.service());
            boolean running = status != null && status.state() == ServiceState.RUNNING;
            Optional<PortHolder> holder = Optional.ofNullable(listeners.get(a.port()));
            String heldBy = holder.map(h -> owners.containsKey(h.pid()) ? "service " + owners.get(h.pid())
                    : "foreign " + h).orElse("nobody");
            boolean answers = answers(a.port());
            List<String> problems = new ArrayList<>();
            if (running && !answers) {
                problems.add("not answering while " + a.service() + " is RUNNING");
            }
            if (holder.isPresent() && !heldBy.equals("service " + a.service())) {
                problems.add("held by " + heldBy.replaceFirst("^foreign ", "") + ", not by " + a.service());
            }
            if (a.moved()) {
                moved(a, listeners, owners, conflicts, notes);
            }
            problems.forEach(p -> conflicts.add(a.service() + "." + a.name() + " port " + a.port() + ": " + p));
            rows.add(new PortEntry(a, answers, holder.orElse(null), heldBy, problems));
        }
        allocator.unavailable().forEach((port, why) -> conflicts.add(port + " has no port: " + why));
        return new PortsStatus(at, rows, conflicts, notes);
    }

    private static void moved(PortAssignment a, Map<Integer, PortHolder> listeners, Map<Long, String> owners,
                              List<String> conflicts, List<String> notes) {
        int preferred = a.spec().preferred();
        Optional<PortHolder> prefHolder = Optional.ofNullable(listeners.get(preferred));
        if (prefHolder.isPresent() && a.spec().hasRange() && owners.containsKey(prefHolder.get().pid())) {
            notes.add(a.service() + "." + a.name() + " prefers " + preferred + ", which service "
                    + owners.get(prefHolder.get().pid()) + " has; it runs on " + a.port()
                    + " of its range, as overlapping ranges allow");
        } else if (prefHolder.isPresent()) {
            PortHolder h = prefHolder.get();
            conflicts.add(a.service() + "." + a.name() + " prefers " + preferred + ", held by "
                    + (owners.containsKey(h.pid()) ? "service " + owners.get(h.pid()) : h.toString())
                    + "; it runs on " + a.port());
        } else {
            notes.add(a.service() + "." + a.name() + " prefers " + preferred + ", which is free again; it keeps "
                    + a.port() + " while its lease holds, so its clients are not moved twice"
                    + " (changing the port in the config releases the lease)");
        }
    }

    /**
     * Every process of every service, by pid, so that a listener can be named by its service:
     * one look at the process table, each process walked up to the service it descends from;
     * and the daemon itself, under the name of its HTTP endpoint's lease.
     */
    private static Map<Long, String> owners(List<ServiceStatus> services) {
        Map<Long, String> owners = new HashMap<>();
        services.stream().filter(s -> s.pid() > 0).forEach(s -> owners.put(s.pid(), s.name()));
        Map<Long, Long> parents = new HashMap<>();
        ProcessHandle.allProcesses().forEach(p -> p.parent().ifPresent(q -> parents.put(p.pid(), q.pid())));
        for (Long pid : parents.keySet()) {
            for (Long up = parents.get(pid); up != null && !owners.containsKey(pid); up = parents.get(up)) {
                String service = owners.get(up);
                if (service != null) {
                    owners.put(pid, service);
                }
            }
        }
        // The daemon holds its own HTTP endpoint's lease: not a foreign process on it.
        owners.putIfAbsent(ProcessHandle.current().pid(), HttpSettings.LEASE_SERVICE);
        return owners;
    }

    private static boolean answers(int port) {
        for (String address : new String[] {"127.0.0.1", "::1"}) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(address), port), CONNECT_TIMEOUT_MS);
                return true;
            } catch (IOException e) {
                // Try the other loopback.
            }
        }
        return false;
    }
}
