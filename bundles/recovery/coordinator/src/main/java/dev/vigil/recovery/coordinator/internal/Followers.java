package dev.vigil.recovery.coordinator.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.recovery.ServiceControl;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a service was repaired on another port, the services that refer to that port
 * ({@code ${port.SERVICE.NAME}} in their command or environment) are restarted, in
 * dependency order, so that they get the new number. Each restart is verified and recorded
 * as a reassign-port attempt of the dependent.
 */
final class Followers {
    private static final Logger LOG = LoggerFactory.getLogger(Followers.class);

    private final Coordinator coordinator;
    private final Supervisor supervisor;
    private final ServiceControl control;

    Followers(Coordinator coordinator, Supervisor supervisor, ServiceControl control) {
        this.coordinator = coordinator;
        this.supervisor = supervisor;
        this.control = control;
    }

    void restartAfterMove(String moved, Map<String, Integer> before) {
        SystemConfig c = coordinator.config();
        if (c == null || supervisor == null || control == null) {
            return;
        }
        Map<String, Integer> after = supervisor.service(moved).map(ServiceStatus::ports).orElse(Map.of());
        if (before.isEmpty() || after.equals(before)) {
            return;
        }
        // Dependents name a service with copies as written, and get its first copy's ports.
        String group = ServiceDefinition.groupOf(moved);
        String marker = "${port." + (moved.equals(ServiceDefinition.instanceName(group, 1)) ? group : moved) + ".";
        for (ServiceDefinition d : c.startOrder()) {
            boolean refers = d.command().stream().anyMatch(a -> a.contains(marker))
                    || d.env().values().stream().anyMatch(v -> v.contains(marker));
            if (!refers || !d.autostart()) {
                continue;
            }
            String why = moved + " moved from port " + before + " to " + after;
            LOG.warn("Service {}: restarting it because {}", d.name(), why);
            Instant start = Instant.now();
            control.relaunch(d.name(), Duration.ZERO, why);
            Verification.Result v;
            try {
                v = new Verification(supervisor, null).await(d.name(), d.verifyTimeout(), () -> false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            coordinator.record(new RecoveryRecord(d.name(), FailureKind.DEPENDENCY_DOWN, "reassign-port", start, start,
                    Duration.between(start, Instant.now()), v.healthy() ? RecoveryRecord.Outcome.RECOVERED
                    : RecoveryRecord.Outcome.FAILED, "restarted to follow " + why + "; " + v.detail()));
        }
    }
}
