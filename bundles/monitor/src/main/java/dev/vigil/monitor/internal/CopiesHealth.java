package dev.vigil.monitor.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.ServiceHealth;
import java.util.Comparator;
import java.util.List;

/**
 * A dependency on a service run as copies ({@code "instances"}), as its dependents see it:
 * DOWN when every copy is, DEGRADED when some are (the others still serve), UP otherwise.
 */
final class CopiesHealth {
    private CopiesHealth() {
    }

    /** @param copies the verdicts of every copy of {@code name}, at least one */
    static Verdict.Dependency of(String name, List<ServiceHealth> copies) {
        List<ServiceHealth> down = copies.stream().filter(h -> h.status() == HealthStatus.DOWN)
                .sorted(Comparator.comparing(ServiceHealth::service)).toList();
        if (down.isEmpty()) {
            return new Verdict.Dependency(name, HealthStatus.UP, "", true);
        }
        String first = down.get(0).service() + ": " + down.get(0).cause();
        if (down.size() == copies.size()) {
            return new Verdict.Dependency(name, HealthStatus.DOWN, "every copy is DOWN; " + first, true);
        }
        return new Verdict.Dependency(name, HealthStatus.DEGRADED, down.size() + " of " + copies.size()
                + " copies DOWN; " + first, true);
    }
}
