package dev.vigil.shell.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.Availability;
import dev.vigil.api.journal.HistoryEvent;
import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.journal.RecoveryScore;
import dev.vigil.api.status.ServiceEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code vigil status SERVICE}: one service in depth: its state, its checks with their last
 * results, its availability over the period, its recent history and its recoveries.
 *
 * @param entry        the service as the status service sees it
 * @param availability its figures over the period
 * @param history      its history over the period, newest last (the last few)
 * @param strategies   its recovery scores by strategy
 * @param recoveries   its last recovery attempts, oldest first
 * @param recovering   the strategy at work on it now, or null
 */
record ServiceReport(ServiceEntry entry, Availability availability, List<HistoryEvent> history,
                     List<RecoveryScore> strategies, List<RecoveryRecord> recoveries, String recovering) {
    /** The period the figures cover. */
    static final Duration PERIOD = Duration.ofHours(24);
    /** The most history lines shown. */
    static final int HISTORY = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /**
     * The report on {@code name} now.
     *
     * @throws IllegalArgumentException naming the known services, when there is no such service
     * @throws IllegalStateException    when the status service or the journal is not running
     */
    static ServiceReport of(Reports reports, String name, Instant now) {
        reports.known(name);
        ServiceEntry entry = reports.snapshot().services().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named \"" + name + "\""));
        Instant since = now.minus(PERIOD);
        var journal = reports.journal();
        return new ServiceReport(entry, journal.availability(name, since, now), journal.history(name, since, HISTORY),
                journal.byStrategy(name), journal.recoveries(name, 10), entry.recovering());
    }

    /** The exit code of {@code vigil status SERVICE}: this service's verdict's. */
    int exitCode() {
        return entry.verdict().exitCode();
    }

    String text() {
        ServiceStatus s = entry.process();
        ServiceHealth h = entry.health();
        Instant now = availability.until();
        StringBuilder out = new StringBuilder();
        out.append(s.name()).append(": ").append(s.state()).append(h == null ? "" : ", health " + h.status())
                .append(", verdict ").append(entry.verdict().label()).append('\n');
        out.append("  pid ").append(s.pid() > 0 ? Long.toString(s.pid()) : "-")
                .append(", up ").append(s.started().map(t -> StatusReport.uptime(Duration.between(t, now))).orElse("-"))
                .append(", restarts ").append(s.restarts()).append(", ports ").append(StatusReport.ports(s))
                .append(", from ").append(s.origin()).append('\n');
        if (!s.message().isEmpty()) {
            out.append("  last: ").append(s.message()).append('\n');
        }
        if (recovering != null) {
            out.append("  recovering now: ").append(recovering).append('\n');
        }
        out.append("availability over the last ").append(hours(availability.period())).append(" (")
                .append(TIME.format(availability.since())).append(" to ").append(TIME.format(now)).append(" UTC): ")
                .append(figures(availability)).append('\n');
        out.append("checks:\n");
        if (h == null) {
            out.append("  (no verdict yet)\n");
        } else if (h.checks().isEmpty()) {
            out.append("  no checks configured\n");
        } else {
            for (CheckHealth c : h.checks()) {
                out.append(String.format("  %s [%s%s]: %s, %d failures / %d passes in a row%n", c.name(), c.type(),
                        c.critical() ? "" : ", non-critical", c.status(), c.consecutiveFailures(),
                        c.consecutivePasses()));
                List<CheckResult> recent = c.recent();
                for (CheckResult r : recent.subList(Math.max(0, recent.size() - 5), recent.size())) {
                    out.append(String.format("    %s  %-8s %6d ms  %s%n", TIME.format(r.time()), r.status(),
                            r.latency().toMillis(), r.message()));
                }
            }
        }
        out.append("recent history (last ").append(history.size()).append(" over the period, times UTC):\n");
        if (history.isEmpty()) {
            out.append("  (nothing happened)\n");
        }
        for (HistoryEvent e : history) {
            out.append("  ").append(TIME.format(e.when())).append(String.format("  %-14s  ", e.kind()))
                    .append(HistoryReport.change(e)).append(e.message()).append('\n');
        }
        out.append("recoveries:\n");
        if (strategies.isEmpty() && recoveries.isEmpty()) {
            out.append("  (no recovery attempts)\n");
        } else {
            RecoveryReport.table("STRATEGY", strategies).lines().forEach(l -> out.append("  ").append(l).append('\n'));
            recoveries.forEach(r -> out.append("  ").append(RecoveryReport.line(r)).append('\n'));
        }
        return out.toString();
    }

    String json() {
        ServiceStatus s = entry.process();
        JsonObject root = new JsonObject();
        root.addProperty("service", s.name());
        root.addProperty("state", s.state().name());
        root.addProperty("health", entry.health() == null ? null : entry.health().status().name());
        root.addProperty("verdict", entry.verdict().label());
        root.addProperty("pid", s.pid() > 0 ? s.pid() : null);
        root.addProperty("startedAt", s.started().map(Instant::toString).orElse(null));
        root.addProperty("restarts", s.restarts());
        JsonObject ports = new JsonObject();
        s.ports().forEach(ports::addProperty);
        root.add("ports", ports);
        root.addProperty("message", s.message());
        JsonObject a = new JsonObject();
        a.addProperty("since", availability.since().toString());
        a.addProperty("until", availability.until().toString());
        a.addProperty("uptime", availability.uptime());
        a.addProperty("incidents", availability.incidents());
        a.addProperty("downtimeSeconds", availability.downtime().toMillis() / 1000.0);
        a.addProperty("observedSeconds", availability.observed().toMillis() / 1000.0);
        root.add("availability", a);
        JsonArray checks = new JsonArray();
        if (entry.health() != null) {
            for (CheckHealth c : entry.health().checks()) {
                JsonObject o = new JsonObject();
                o.addProperty("name", c.name());
                o.addProperty("type", c.type());
                o.addProperty("status", c.status().name());
                c.recent().stream().reduce((x, y) -> y).ifPresent(r -> {
                    o.addProperty("time", r.time().toString());
                    o.addProperty("latencyMs", r.latency().toMillis());
                    o.addProperty("output", r.message());
                });
                checks.add(o);
            }
        }
        root.add("checks", checks);
        JsonArray events = new JsonArray();
        history.forEach(e -> events.add(HistoryReport.event(e)));
        root.add("history", events);
        JsonArray attempts = new JsonArray();
        for (RecoveryRecord r : recoveries) {
            JsonObject o = new JsonObject();
            o.addProperty("strategy", r.strategy());
            o.addProperty("kind", r.kind().name());
            o.addProperty("start", r.start().toString());
            o.addProperty("outcome", r.outcome().name());
            o.addProperty("detail", r.detail());
            attempts.add(o);
        }
        root.add("recoveries", attempts);
        root.addProperty("recovering", recovering);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    /** {@code 99.95% up, 2 incidents, down 1m12s}, or what little is known. */
    static String figures(Availability a) {
        if (a.observed().isZero()) {
            return "not meant to run in that time (stopped), no incidents";
        }
        String observed = a.observed().compareTo(a.period().minusSeconds(1)) >= 0 ? ""
                : ", watched " + StatusReport.uptime(a.observed()) + " of it";
        return String.format(Locale.ROOT, "%.2f%% up, %d incident%s, down %s%s", a.uptime() * 100, a.incidents(),
                a.incidents() == 1 ? "" : "s", StatusReport.uptime(a.downtime()), observed);
    }

    private static String hours(Duration d) {
        return d.toHours() + " h";
    }
}
