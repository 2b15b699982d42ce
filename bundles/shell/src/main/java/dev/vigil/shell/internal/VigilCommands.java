package dev.vigil.shell.internal;

import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.recovery.RecoveryStrategy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@code vigil:} Gogo commands. */
@Component(service = VigilCommands.class, immediate = true, property = {
    "osgi.command.scope=vigil",
    "osgi.command.function=services", "osgi.command.function=status",
    "osgi.command.function=start", "osgi.command.function=stop", "osgi.command.function=restart",
    "osgi.command.function=checks", "osgi.command.function=strategies", "osgi.command.function=ports",
    "osgi.command.function=health", "osgi.command.function=monitor", "osgi.command.function=recoveries",
    "osgi.command.function=recover"
})
public final class VigilCommands {
    /** How long {@code recover} waits for the repairs it started: a restart's backoff and verification included. */
    static final java.time.Duration SWEEP_TIMEOUT = java.time.Duration.ofMinutes(2);

    @Reference
    private Reports reports;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<CheckType> checkTypes = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<RecoveryStrategy> strategies = new CopyOnWriteArrayList<>();

    @Descriptor("list every service with its state, pid, uptime, restarts and origin")
    public String services() {
        StringBuilder out = new StringBuilder();
        List<ServiceStatus> all = supervisor().services();
        int width = Math.max(7, all.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        String row = "%-" + width + "s  %-8s  %7s  %8s  %s%n";
        out.append(String.format(row, "SERVICE", "STATE", "PID", "RESTARTS", "ORIGIN"));
        for (ServiceStatus s : all) {
            out.append(String.format(row, s.name(), s.state(), s.pid() > 0 ? Long.toString(s.pid()) : "-",
                    s.restarts(), s.origin()));
        }
        return out.toString();
    }

    @Descriptor("report every service: state, pid, uptime, restarts and what happened last")
    public String status() {
        return reports.status().table();
    }

    @Descriptor("one service in depth: checks with their last results, availability and incidents over the last"
            + " 24 h, recent history, recoveries")
    public String status(@Descriptor("service name") String service) {
        return ServiceReport.of(reports, service, java.time.Instant.now()).text();
    }

    @Descriptor("start a service now, forgetting its earlier failures")
    public String start(@Descriptor("service name") String name) {
        return line(supervisor().start(name));
    }

    @Descriptor("stop a service and every process it started (SIGTERM, then SIGKILL after its stop timeout)")
    public String stop(@Descriptor("service name") String name) {
        return line(supervisor().stop(name));
    }

    @Descriptor("stop then start a service")
    public String restart(@Descriptor("service name") String name) {
        return line(supervisor().restart(name));
    }

    @Descriptor("every port assignment: whether it answers, who holds it, and every conflict")
    public String ports() {
        return reports.ports().table();
    }

    @Descriptor("the health of every service: status, cause, and each check's status")
    public String health() {
        return HealthReport.summary(reports.health().all());
    }

    @Descriptor("one service's checks: status, counters, and the last results with their latencies")
    public String health(@Descriptor("service name, or system") String service) {
        return HealthReport.detail(reports.health().service(service).orElseThrow(() -> unknown(service, "system (the host)")));
    }

    @Descriptor("the health monitor's scheduler: checks run and skipped, lateness p50/p99/max in ms")
    public String monitor() {
        StringBuilder out = new StringBuilder();
        reports.health().stats().forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
        return out.toString();
    }

    @Descriptor("list the health-check types installed right now")
    public String checks() {
        Map<String, String> byType = new TreeMap<>();
        checkTypes.forEach(c -> byType.put(c.type(), c.describe()));
        return table("TYPE", byType, "(no check types installed)");
    }

    @Descriptor("list the recovery strategies installed right now")
    public String strategies() {
        Map<String, String> byName = new TreeMap<>();
        strategies.forEach(s -> byName.put(s.name(), s.describe()));
        return table("STRATEGY", byName, "(no recovery strategies installed)");
    }

    @Descriptor("recovery attempts and success rates: per service and per strategy, with the last attempts")
    public String recoveries() {
        return RecoveryReport.scores(null, reports.journal().byService(), reports.journal().byStrategy(null),
                reports.journal().recoveries(null, 20), activeRecoveries());
    }

    @Descriptor("one service's recovery: per strategy attempts, successes, rate and mean time to recovery, and its last attempts")
    public String recoveries(@Descriptor("service name") String service) {
        reports.supervisor().service(service).orElseThrow(() -> unknown(service, null));
        return RecoveryReport.scores(service, List.of(), reports.journal().byStrategy(service),
                reports.journal().recoveries(service, 20), activeRecoveries());
    }

    @Descriptor("one pass of detection and recovery: what was found, what was done, how each attempt ended")
    public String recover() {
        return RecoveryReport.sweep(reports.coordinator().sweep(SWEEP_TIMEOUT));
    }

    private Map<String, String> activeRecoveries() {
        try {
            return reports.coordinator().active();
        } catch (IllegalStateException e) {
            return Map.of();
        }
    }

    private static String table(String heading, Map<String, String> rows, String empty) {
        if (rows.isEmpty()) {
            return empty + "\n";
        }
        int width = Math.max(heading.length(), rows.keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder out = new StringBuilder(String.format("%-" + width + "s  %s%n", heading, "DESCRIPTION"));
        rows.forEach((k, v) -> out.append(String.format("%-" + width + "s  %s%n", k, v)));
        return out.toString();
    }

    /** The error for a name no service has, listing those that exist (as the supervisor's own does). */
    private IllegalArgumentException unknown(String service, String extra) {
        List<String> known = new java.util.ArrayList<>(supervisor().services().stream().map(ServiceStatus::name).toList());
        if (extra != null) {
            known.add(extra);
        }
        return new IllegalArgumentException("no service named \"" + service + "\"; known services: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }

    private Supervisor supervisor() {
        return reports.supervisor();
    }

    private static String line(ServiceStatus s) {
        return s.name() + ": " + s.state() + (s.pid() > 0 ? " (pid " + s.pid() + ")" : "") + " " + s.message();
    }
}
