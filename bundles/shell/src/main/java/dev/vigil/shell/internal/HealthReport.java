package dev.vigil.shell.internal;

import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.ServiceHealth;
import java.time.format.DateTimeFormatter;
import java.time.ZoneId;
import java.util.List;

/** {@code vigil:health}: every service at a glance, or one service check by check. */
final class HealthReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private HealthReport() {
    }

    static String summary(List<ServiceHealth> all) {
        int width = Math.max(7, all.stream().mapToInt(h -> h.service().length()).max().orElse(0));
        String row = "%-" + width + "s  %-8s  %-40s  %s%n";
        StringBuilder out = new StringBuilder(String.format(row, "SERVICE", "HEALTH", "CHECKS", "CAUSE"));
        for (ServiceHealth h : all) {
            StringBuilder checks = new StringBuilder();
            for (CheckHealth c : h.checks()) {
                checks.append(checks.length() == 0 ? "" : " ").append(c.name()).append('=').append(c.status());
            }
            out.append(String.format(row, h.service(), h.status(), checks.length() == 0 ? "-" : checks, h.cause()));
        }
        return out.toString();
    }

    static String detail(ServiceHealth h) {
        StringBuilder out = new StringBuilder(h.service() + ": " + h.status() + " since " + TIME.format(h.since())
                + (h.cause().isEmpty() ? "" : " (" + h.cause() + ")") + "\n");
        if (h.checks().isEmpty()) {
            out.append("  no checks configured\n");
        }
        for (CheckHealth c : h.checks()) {
            out.append(String.format("  %s [%s%s]: %s, %d failures / %d passes in a row%n", c.name(), c.type(),
                    c.critical() ? "" : ", non-critical", c.status(), c.consecutiveFailures(), c.consecutivePasses()));
            for (CheckResult r : c.recent()) {
                out.append(String.format("    %s  %-8s %6d ms  %s%n", TIME.format(r.time()), r.status(),
                        r.latency().toMillis(), r.message()));
            }
        }
        return out.toString();
    }
}
