package dev.vigil.monitor.internal;

import dev.vigil.api.CheckSpec;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The state of one check, from its results and thresholds: DOWN only after
 * {@code failureThreshold} failures in a row, UP again only after {@code successThreshold}
 * passes in a row; failures in the start period do not count; an UNKNOWN result (the check
 * could not tell) changes nothing but the message. Not thread-safe: its runner serialises calls.
 */
final class CheckState {
    static final int KEEP = 10;

    private final CheckSpec spec;
    private final Deque<CheckResult> recent = new ArrayDeque<>();
    private HealthStatus status = HealthStatus.UNKNOWN;
    private int failures;
    private int passes;

    CheckState(CheckSpec spec) {
        this.spec = spec;
    }

    /**
     * @param inStartPeriod whether the service is still in its grace after a start
     */
    void record(CheckResult result, boolean inStartPeriod) {
        recent.addLast(result);
        while (recent.size() > KEEP) {
            recent.removeFirst();
        }
        switch (result.status()) {
            case UP, DEGRADED -> {
                passes++;
                failures = 0;
                if (status != HealthStatus.DOWN || passes >= spec.successThreshold()) {
                    status = result.status();
                }
            }
            case DOWN -> {
                if (inStartPeriod) {
                    return;
                }
                failures++;
                passes = 0;
                if (failures >= spec.failureThreshold()) {
                    status = HealthStatus.DOWN;
                }
            }
            default -> {
                // UNKNOWN: the check could not tell; keep the verdict, but a check that never
                // produced one stays UNKNOWN.
            }
        }
    }

    /** Forgets the counters, as after the service's process was replaced. */
    void restart() {
        status = HealthStatus.UNKNOWN;
        failures = 0;
        passes = 0;
    }

    /** Sets the status without a result, such as "type not installed". */
    void unknown(CheckResult why) {
        record(why, true);
        status = HealthStatus.UNKNOWN;
        failures = 0;
        passes = 0;
    }

    HealthStatus status() {
        return status;
    }

    CheckResult last() {
        return recent.peekLast();
    }

    CheckHealth snapshot() {
        return new CheckHealth(spec.name(), spec.type(), status, spec.critical(), failures, passes, recent.stream().toList());
    }
}
