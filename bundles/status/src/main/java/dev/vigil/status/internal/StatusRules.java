package dev.vigil.status.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.RecoveryScore;
import dev.vigil.api.status.Scaled;
import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.SystemStatus;
import dev.vigil.api.status.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verdict rules, on plain inputs. Stopped on purpose is not broken: a STOPPED service
 * warns even though the monitor calls it DOWN (its process is not running), unlike
 * supervisord's "any stopped program means exit 3". FATAL, or DOWN while meant to run, fails.
 */
final class StatusRules {
    /** Everything a status is computed from, gathered once. */
    record Inputs(List<ServiceStatus> services, Map<String, ServiceHealth> health, Map<String, RecoveryScore> scores,
                  Map<String, String> active, List<String> notices) {
    }

    private StatusRules() {
    }

    static Verdict of(ServiceStatus process, ServiceHealth health) {
        HealthStatus h = health == null ? null : health.status();
        if (process.state() == ServiceState.FATAL) {
            return Verdict.FAIL;
        }
        if (process.state() == ServiceState.STOPPED) {
            return Verdict.WARN;
        }
        if (h == HealthStatus.DOWN) {
            return Verdict.FAIL;
        }
        if (process.state() != ServiceState.RUNNING || h != null && h != HealthStatus.UP) {
            return Verdict.WARN;
        }
        return Verdict.PASS;
    }

    static SystemStatus status(Inputs in, Instant now) {
        Verdict overall = in.notices().isEmpty() ? Verdict.PASS : Verdict.WARN;
        List<ServiceEntry> entries = new ArrayList<>();
        for (ServiceStatus s : in.services()) {
            ServiceHealth h = in.health().get(s.name());
            Verdict v = of(s, h);
            overall = overall.worst(v);
            entries.add(new ServiceEntry(s, h, in.scores().get(s.name()), in.active().get(s.name()), v));
        }
        return new SystemStatus(overall, now, entries, in.notices(), in.health().get("system"));
    }

    /**
     * The services of {@code scaledFrom} (name to the config's {@code instances}) with the copies
     * of each that the supervisor runs now, by name.
     */
    static List<Scaled> scaled(Map<String, Integer> scaledFrom, List<ServiceStatus> services) {
        List<Scaled> out = new ArrayList<>();
        new TreeMap<>(scaledFrom).forEach((name, configured) -> {
            int copies = (int) services.stream().filter(p -> ServiceDefinition.groupOf(p.name()).equals(name)).count();
            out.add(new Scaled(name, copies, configured));
        });
        return out;
    }
}
