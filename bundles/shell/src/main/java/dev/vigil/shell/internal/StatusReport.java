package dev.vigil.shell.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.RecoveryScore;
import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.StatusService;
import dev.vigil.api.status.SystemStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One {@link SystemStatus} as the table of {@code vigil:status} and {@code vigil status}, or
 * as the JSON of {@code vigil status --json} (the status service's own), with its exit code.
 * It renders; the verdict is the status service's.
 */
final class StatusReport {
    private final SystemStatus status;
    private final StatusService service;

    StatusReport(SystemStatus status, StatusService service) {
        this.status = status;
        this.service = service;
    }

    int exitCode() {
        return status.exitCode();
    }

    String verdict() {
        return status.verdict().label();
    }

    String table() {
        List<ServiceStatus> services = status.services().stream().map(ServiceEntry::process).toList();
        Instant now = status.at();
        StringBuilder out = new StringBuilder();
        status.notices().forEach(n -> out.append("NOTICE: ").append(n).append('\n'));
        status.scaled().forEach(sc -> out.append("SCALED: ").append(sc.describe()).append('\n'));
        int width = Math.max(7, services.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        int portWidth = Math.max(5, services.stream().mapToInt(s -> ports(s).length()).max().orElse(0));
        boolean withHealth = status.host() != null || status.services().stream().anyMatch(e -> e.health() != null);
        String row = "%-" + width + "s  %-8s  " + (withHealth ? "%-8s  " : "%s") + "%7s  %9s  %8s  %-" + portWidth
                + "s  %s%n";
        out.append(String.format(row, "SERVICE", "STATE", withHealth ? "HEALTH" : "", "PID", "UPTIME", "RESTARTS",
                "PORTS", "INFO"));
        for (ServiceEntry e : status.services()) {
            ServiceStatus s = e.process();
            ServiceHealth h = e.health();
            String info = h != null && h.status() != HealthStatus.UP && !h.cause().isEmpty() ? h.cause() : s.message();
            String working = e.recovering();
            if (working != null) {
                info = "recovering (" + working + "): " + info;
            }
            out.append(String.format(row, s.name(), s.state(), withHealth ? (h == null ? "-" : h.status()) : "",
                    s.pid() > 0 ? Long.toString(s.pid()) : "-",
                    s.started().map(t -> uptime(Duration.between(t, now))).orElse("-"), s.restarts(), ports(s), info));
        }
        for (ServiceEntry e : status.services()) {
            RecoveryScore score = e.recovery();
            if (score != null) {
                out.append("recoveries: ").append(e.name()).append(' ').append(RecoveryReport.summary(score)).append('\n');
            }
        }
        ServiceHealth system = status.host();
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
        return service.json(status);
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
