package dev.vigil.shell.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The status of every service as a table or JSON, and the exit code the CLI returns for
 * it: 0 when every service is running, 1 when any is starting, backing off or stopped or
 * the config carries a notice (last-known-good fallback, refused reload), 2 when any gave
 * up (FATAL).
 */
final class StatusReport {
    private final List<ServiceStatus> services;
    private final List<String> notices;
    private final Instant now;

    StatusReport(List<ServiceStatus> services, Instant now) {
        this(services, List.of(), now);
    }

    /** @param notices what the config says an operator must know; any makes the status at least degraded */
    StatusReport(List<ServiceStatus> services, List<String> notices, Instant now) {
        this.services = services;
        this.notices = notices;
        this.now = now;
    }

    int exitCode() {
        int code = notices.isEmpty() ? 0 : 1;
        for (ServiceStatus s : services) {
            if (s.state() == ServiceState.FATAL) {
                return 2;
            }
            if (s.state() != ServiceState.RUNNING) {
                code = 1;
            }
        }
        return code;
    }

    String verdict() {
        return switch (exitCode()) {
            case 0 -> "pass";
            case 1 -> "warn";
            default -> "fail";
        };
    }

    String table() {
        StringBuilder out = new StringBuilder();
        notices.forEach(n -> out.append("NOTICE: ").append(n).append('\n'));
        int width = Math.max(7, services.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        int portWidth = Math.max(5, services.stream().mapToInt(s -> ports(s).length()).max().orElse(0));
        String row = "%-" + width + "s  %-8s  %7s  %9s  %8s  %-" + portWidth + "s  %s%n";
        out.append(String.format(row, "SERVICE", "STATE", "PID", "UPTIME", "RESTARTS", "PORTS", "INFO"));
        for (ServiceStatus s : services) {
            out.append(String.format(row, s.name(), s.state(), s.pid() > 0 ? Long.toString(s.pid()) : "-",
                    s.started().map(t -> uptime(Duration.between(t, now))).orElse("-"), s.restarts(), ports(s),
                    s.message()));
        }
        if (services.isEmpty()) {
            out.append("(no services configured)\n");
        }
        return out.toString();
    }

    static String ports(ServiceStatus s) {
        if (s.ports().isEmpty()) {
            return "-";
        }
        return s.ports().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
    }

    String json() {
        JsonObject root = new JsonObject();
        root.addProperty("status", verdict());
        JsonArray notes = new JsonArray();
        notices.forEach(notes::add);
        root.add("notices", notes);
        JsonArray list = new JsonArray();
        for (ServiceStatus s : services) {
            JsonObject o = new JsonObject();
            o.addProperty("name", s.name());
            o.addProperty("state", s.state().name());
            o.addProperty("pid", s.pid() > 0 ? s.pid() : null);
            o.addProperty("uptimeSeconds", s.started().map(t -> Duration.between(t, now).toSeconds()).orElse(null));
            o.addProperty("restarts", s.restarts());
            o.addProperty("lastExit", s.lastExit());
            o.addProperty("message", s.message());
            o.addProperty("origin", s.origin());
            JsonObject ports = new JsonObject();
            s.ports().forEach(ports::addProperty);
            o.add("ports", ports);
            list.add(o);
        }
        root.add("services", list);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root) + "\n";
    }

    static String uptime(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + s % 60 + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h" + s % 3600 / 60 + "m";
        }
        return s / 86400 + "d" + s % 86400 / 3600 + "h";
    }
}
