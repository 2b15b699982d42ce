package dev.vigil.api.status;

import dev.vigil.api.check.ServiceHealth;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The status of the whole system at one instant; immutable, safe to hand to any thread.
 *
 * @param verdict  the worst of the services' verdicts, and at least WARN when there is a notice
 * @param at       when it was computed (uptimes are measured to it)
 * @param services every service, in the supervisor's order
 * @param notices  what an operator must know: config fallbacks and refusals, deploy/ problems,
 *                 the supervisor's and the port allocator's notices
 * @param host     the daemon's own host health ({@code system}), or null; shown, never part of the verdict
 * @param scaled   the services run with other copies than their config says ({@code vigil:scale});
 *                 shown, never part of the verdict: a scale is the operator's own choice
 */
public record SystemStatus(Verdict verdict, Instant at, List<ServiceEntry> services, List<String> notices,
                           ServiceHealth host, List<Scaled> scaled) {
    public SystemStatus {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(at, "at");
        services = List.copyOf(services);
        notices = List.copyOf(notices);
        scaled = List.copyOf(scaled);
    }

    public SystemStatus(Verdict verdict, Instant at, List<ServiceEntry> services, List<String> notices,
                        ServiceHealth host) {
        this(verdict, at, services, notices, host, List.of());
    }

    /** The exit code of {@code vigil status}: 0 pass, 1 warn, 2 fail. */
    public int exitCode() {
        return verdict.exitCode();
    }
}
