package dev.vigil.alerts.dispatch.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.alert.Alert;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.ServiceHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides what an incident is. A service that goes FATAL, or whose
 * recovery ends with a failed attempt and without repairing it, opens one (unless one is
 * open: then it is the same incident, and nothing new is sent); it is resolved when the
 * service is RUNNING and healthy again, or leaves the config. So a person gets one alert per incident and then its
 * resolution, however many checks failed and attempts were made in between.
 *
 * <p>Not thread-safe: the dispatcher calls it from its one thread.
 */
final class Incidents {
    static final String FATAL = "FATAL";
    static final String RECOVERY_FAILED = "RECOVERY_FAILED";

    private final Map<String, Alert> open = new LinkedHashMap<>();

    /** The service went FATAL: {@code reason} is the supervisor's message. */
    Optional<Alert> fatal(String system, String service, String reason, Instant now) {
        return open(system, service, FATAL, null, Alert.Severity.CRITICAL, service + " is FATAL: Vigil gave up on it"
                + " and waits for an operator", reason.isEmpty() ? "gave up, no reason given" : reason, now);
    }

    /** A recovery attempt that failed: what the dispatcher keeps until the recovery is over. */
    record FailedAttempt(String kind, String strategy, String message, Instant at) {
    }

    /**
     * A recovery attempt ended. GAVE_UP is the service going FATAL, told by the strategy that
     * gave up: it opens the incident at once. FAILED is one attempt; recovery goes on with the
     * next strategy or pass, so it is kept and judged by {@link #recoveryOver} once the
     * recovery ends. Any other outcome is no incident.
     *
     * @return the incident opened, if any
     */
    Optional<Alert> recoveryEnded(String system, String service, String outcome, String kind, String strategy,
                                  String message, Instant now) {
        if ("GAVE_UP".equals(outcome)) {
            return open(system, service, FATAL, kind, Alert.Severity.CRITICAL, service + " is FATAL: " + strategy
                    + " gave up on it and Vigil waits for an operator", message, now);
        }
        return Optional.empty();
    }

    /**
     * The recovery of a service that had a failed attempt is over: FATAL is a critical
     * incident; healthy again, stopped or being started by an operator is none (recovery, or
     * a person, took care of it); otherwise the repair failed and the service is left broken,
     * a warning.
     */
    Optional<Alert> recoveryOver(String system, ServiceStatus st, Optional<ServiceHealth> health, FailedAttempt failed,
                                 Instant now) {
        if (st.state() == ServiceState.FATAL) {
            return fatal(system, st.name(), st.message(), now);
        }
        if (healthy(st, health) != null || st.state() == ServiceState.STOPPED || st.state() == ServiceState.STARTING) {
            return Optional.empty();
        }
        return open(system, st.name(), RECOVERY_FAILED, failed.kind(), Alert.Severity.WARNING, st.name()
                + ": recovery by " + failed.strategy() + " failed" + (failed.kind().isEmpty() ? "" : " ("
                + failed.kind() + ")") + "; the service is " + st.state(), failed.message(), failed.at());
    }

    /** Resolves the service's incident, if one is open, saying how it ended. */
    Optional<Alert> resolve(String service, Instant now, String how) {
        Alert a = open.remove(service);
        if (a == null) {
            return Optional.empty();
        }
        return Optional.of(a.resolved(now, how + " after " + human(Duration.between(a.startsAt(), now)) + "; it was: "
                + a.summary()));
    }

    boolean isOpen(String service) {
        return open.containsKey(service);
    }

    /** The firing alert of every open incident, oldest first. */
    List<Alert> open() {
        return List.copyOf(open.values());
    }

    private Optional<Alert> open(String system, String service, String kind, String failure, Alert.Severity severity,
                                 String summary, String description, Instant now) {
        if (open.containsKey(service)) {
            return Optional.empty();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", kind.equals(FATAL) ? "VigilServiceFatal" : "VigilRecoveryFailed");
        labels.put("system", system);
        labels.put("service", service);
        labels.put("severity", severity.label());
        labels.put("kind", kind);
        if (failure != null && !failure.isEmpty()) {
            labels.put("failure", failure);
        }
        Alert a = new Alert(system + "/" + service + "/" + now.toEpochMilli(), system, service, severity,
                Alert.Status.FIRING, summary, description, now, null, labels);
        open.put(service, a);
        return Optional.of(a);
    }

    /**
     * Healthy as a repair is proved: RUNNING, and UP or DEGRADED by checks that ran on the
     * process running now (a service without checks is healthy once RUNNING). Null when not.
     */
    static String healthy(ServiceStatus st, Optional<ServiceHealth> health) {
        if (st.state() != ServiceState.RUNNING || st.pid() <= 0) {
            return null;
        }
        if (health.isEmpty() || health.get().checks().isEmpty()) {
            return "RUNNING (pid " + st.pid() + ")";
        }
        ServiceHealth h = health.get();
        if (h.status() != HealthStatus.UP && h.status() != HealthStatus.DEGRADED) {
            return null;
        }
        for (CheckHealth c : h.checks()) {
            boolean fresh = !c.recent().isEmpty() && st.startedAt() != null
                    && !c.recent().get(c.recent().size() - 1).time().isBefore(st.startedAt());
            if (c.critical() && !fresh) {
                return null;
            }
        }
        return "RUNNING and " + h.status() + " (pid " + st.pid() + ")";
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
    }
}
