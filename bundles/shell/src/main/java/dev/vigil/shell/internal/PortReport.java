package dev.vigil.shell.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortHolder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port test of the system ({@code vigil ports}): every assignment, whether its port
 * answers, who holds it (its service, or a foreign process with pid, user and command
 * line), and every conflict. Exit 0 only when every running service's ports answer and
 * are held by that service, and no service had to move off a port someone else holds.
 */
final class PortReport {
    private static final int CONNECT_TIMEOUT_MS = 300;

    /** One row of the report. */
    record Row(PortAssignment assignment, boolean answers, Optional<PortHolder> holder, String heldBy,
               List<String> problems) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> conflicts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    PortReport(PortAllocator allocator, List<ServiceStatus> services) {
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
            problems.forEach(p -> conflicts.add(a.service() + "." + a.name() + " port " + a.port() + ": " + p));
            rows.add(new Row(a, answers, holder, heldBy, problems));
        }
        allocator.unavailable().forEach((port, why) -> conflicts.add(port + " has no port: " + why));
    }

    int exitCode() {
        return conflicts.isEmpty() ? 0 : 1;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        if (rows.isEmpty()) {
            out.append("(no ports assigned)\n");
        } else {
            int width = Math.max(12, rows.stream().mapToInt(r -> label(r).length()).max().orElse(0));
            int asked = Math.max(5, rows.stream().mapToInt(r -> r.assignment().spec().toString().length()).max().orElse(0));
            String row = "%-" + width + "s  %5s  %-" + asked + "s  %-7s  %s%n";
            out.append(String.format(row, "SERVICE.PORT", "PORT", "ASKED", "ANSWERS", "HELD BY"));
            for (Row r : rows) {
                out.append(String.format(row, label(r), r.assignment().port(), r.assignment().spec(),
                        r.answers() ? "yes" : "no", r.heldBy()));
            }
        }
        notes.forEach(n -> out.append("note: ").append(n).append('\n'));
        if (conflicts.isEmpty()) {
            out.append("no conflicts\n");
        } else {
            out.append("conflicts:\n");
            conflicts.forEach(c -> out.append("  ").append(c).append('\n'));
        }
        return out.toString();
    }

    String json() {
        JsonObject root = new JsonObject();
        root.addProperty("status", conflicts.isEmpty() ? "pass" : "fail");
        JsonArray list = new JsonArray();
        for (Row r : rows) {
            PortAssignment a = r.assignment();
            JsonObject o = new JsonObject();
            o.addProperty("service", a.service());
            o.addProperty("name", a.name());
            o.addProperty("port", a.port());
            o.addProperty("asked", a.spec().toString());
            o.addProperty("since", a.since().toString());
            o.addProperty("reason", a.reason());
            o.addProperty("answers", r.answers());
            o.addProperty("heldBy", r.heldBy());
            r.holder().ifPresent(h -> {
                JsonObject holder = new JsonObject();
                holder.addProperty("pid", h.pid());
                holder.addProperty("user", h.user());
                holder.addProperty("command", h.commandLine());
                o.add("holder", holder);
            });
            list.add(o);
        }
        root.add("assignments", list);
        JsonArray c = new JsonArray();
        conflicts.forEach(c::add);
        root.add("conflicts", c);
        JsonArray n = new JsonArray();
        notes.forEach(n::add);
        root.add("notes", n);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
    }

    private static String label(Row r) {
        return r.assignment().service() + "." + r.assignment().name();
    }

    /**
     * Every process of every service, by pid, so that a listener can be named by its service:
     * one look at the process table, each process walked up to the service it descends from.
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
        return owners;
    }

    private static boolean answers(int port) {
        for (InetAddress address : loopbacks()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
                return true;
            } catch (IOException e) {
                // Try the other loopback.
            }
        }
        return false;
    }

    private static List<InetAddress> loopbacks() {
        List<InetAddress> out = new ArrayList<>();
        try {
            out.add(InetAddress.getByName("127.0.0.1"));
            out.add(InetAddress.getByName("::1"));
        } catch (IOException e) {
            // Literal addresses always parse.
        }
        return out;
    }
}
