package dev.vigil.shell.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.RecoveryScore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The status of every service as a table or JSON, and the exit code the CLI returns for
 * it: 0 when every service is running and healthy; 1 when any is starting, backing off,
 * stopped, DEGRADED or of unknown health, or when the config carries a notice (last-known-good
 * fallback, refused reload); 2 when any service is DOWN or gave up (FATAL). The host's own
 * health ({@code system}) is shown but does not decide the code: a busy machine is not a
 * broken service.
 */
final class StatusReport {
    private final List<ServiceStatus> services;
    private final List<String> notices;
    private final Map<String, ServiceHealth> health;
    private final Recovery recovery;
    private final Instant now;

    /** Recovery's part: each service's score, and the services being recovered now with the strategy at work. */
    record Recovery(Map<String, RecoveryScore> scores, Map<String, String> active) {
        static final Recovery NONE = new Recovery(Map.of(), Map.of());
    }

    StatusReport(List<ServiceStatus> services, Instant now) {
        this(services, List.of(), Map.of(), now);
    }

    StatusReport(List<ServiceStatus> services, List<String> notices, Instant now) {
        this(services, notices, Map.of(), now);
    }

    /**
     * @param notices what the config says an operator must know; any makes the status at least degraded
     * @param health  each service's health by name (and {@code system}); empty without a monitor
     */
    StatusReport(List<ServiceStatus> services, List<String> notices, Map<String, ServiceHealth> health, Instant now) {
        this(services, notices, health, Recovery.NONE, now);
    }

    StatusReport(List<ServiceStatus> services, List<String> notices, Map<String, ServiceHealth> health,
                 Recovery recovery, Instant now) {
        this.services = services;
        this.notices = notices;
        this.health = health;
        this.recovery = recovery;
        this.now = now;
    }

    int exitCode() {
        int code = notices.isEmpty() ? 0 : 1;
        for (ServiceStatus s : services) {
            HealthStatus h = health(s.name());
            if (s.state() == ServiceState.FATAL || h == HealthStatus.DOWN) {
                return 2;
            }
            if (s.state() != ServiceState.RUNNING || h != null && h != HealthStatus.UP) {
                code = 1;
            }
        }
        return code;
    }

    private HealthStatus health(String service) {
        ServiceHealth h = health.get(service);
        return h == null ? null : h.status();
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
        boolean withHealth = !health.isEmpty();
        String row = "%-" + width + "s  %-8s  " + (withHealth ? "%-8s  " : "%s") + "%7s  %9s  %8s  %-" + portWidth
                + "s  %s%n";
        out.append(String.format(row, "SERVICE", "STATE", withHealth ? "HEALTH" : "", "PID", "UPTIME", "RESTARTS",
                "PORTS", "INFO"));
        for (ServiceStatus s : services) {
            ServiceHealth h = health.get(s.name());
            String info = h != null && h.status() != HealthStatus.UP && !h.cause().isEmpty() ? h.cause() : s.message();
            String working = recovery.active().get(s.name());
            if (working != null) {
                info = "recovering (" + working + "): " + info;
            }
            out.append(String.format(row, s.name(), s.state(), withHealth ? (h == null ? "-" : h.status()) : "",
                    s.pid() > 0 ? Long.toString(s.pid()) : "-",
                    s.started().map(t -> uptime(Duration.between(t, now))).orElse("-"), s.restarts(), ports(s), info));
        }
        for (ServiceStatus s : services) {
            RecoveryScore score = recovery.scores().get(s.name());
            if (score != null) {
                out.append("recoveries: ").append(s.name()).append(' ').append(RecoveryReport.summary(score)).append('\n');
            }
        }
        ServiceHealth system = health.get("system");
        if (system != null) {
            out.append("host: ").append(system.status()).append(' ').append(systemSummary(system)).append('\n');
        }
        if (services.isEmpty()) {
            out.append("(no services configured)\n");
        }
        return out.toString();
    }

    private static String systemSummary(ServiceHealth system) {
        if (!system.cause().isEmpty()) {
            return system.cause();
        }
        return system.checks().stream().flatMap(c -> c.recent().stream().reduce((a, b) -> b).stream())
                .map(r -> r.message()).findFirst().orElse("");
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
            ServiceHealth h = health.get(s.name());
            if (h != null) {
                o.addProperty("health", h.status().name());
                o.addProperty("healthCause", h.cause());
            }
            JsonObject ports = new JsonObject();
            s.ports().forEach(ports::addProperty);
            o.add("ports", ports);
            JsonObject rec = new JsonObject();
            RecoveryScore score = recovery.scores().get(s.name());
            rec.addProperty("attempts", score == null ? 0 : score.attempts());
            rec.addProperty("successes", score == null ? 0 : score.successes());
            rec.addProperty("successRate", score == null || score.attempts() == 0 ? null : score.successRate());
            rec.addProperty("mttrMillis", score == null || score.meanTimeToRecovery() == null ? null
                    : score.meanTimeToRecovery().toMillis());
            rec.addProperty("active", recovery.active().get(s.name()));
            o.add("recovery", rec);
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
