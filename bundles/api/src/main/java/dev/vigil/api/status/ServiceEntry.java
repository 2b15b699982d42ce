package dev.vigil.api.status;

import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.RecoveryScore;
import java.util.Objects;

/**
 * One service in a {@link SystemStatus}.
 *
 * @param process    what the supervisor reports: state, pid, startedAt, restarts, ports, message
 * @param health     what the health monitor reports, or null without a monitor (or before its first verdict)
 * @param recovery   its recovery score from the journal, or null when none is recorded (or no journal)
 * @param recovering the recovery strategy at work on it right now, or null
 * @param verdict    what this service alone makes of the system
 */
public record ServiceEntry(ServiceStatus process, ServiceHealth health, RecoveryScore recovery, String recovering,
                           Verdict verdict) {
    public ServiceEntry {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(verdict, "verdict");
    }

    public String name() {
        return process.name();
    }
}
