package dev.vigil.monitor.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import java.util.List;

/**
 * A service's health from its process, its checks and its dependencies. A process that is
 * not running is DOWN; a dependency that is DOWN makes the service DOWN with that
 * dependency named as the cause, so that nobody repairs the wrong service, and its own
 * failure, if it has one, said after it; otherwise the
 * worst critical check decides, and a failing non-critical check makes it DEGRADED.
 */
final class Verdict {
    /** What was decided, before it is stamped with a time. */
    record Outcome(HealthStatus status, String cause, String blockedBy) {
    }

    /**
     * A dependency's name and current outcome; {@code copies} when it is a service run as
     * copies, whose DEGRADED (some copies DOWN) makes a healthy dependent DEGRADED too.
     */
    record Dependency(String name, HealthStatus status, String cause, boolean copies) {
        Dependency(String name, HealthStatus status, String cause) {
            this(name, status, cause, false);
        }
    }

    private Verdict() {
    }

    static Outcome of(ServiceStatus process, List<CheckHealth> checks, List<Dependency> dependencies) {
        Outcome own = own(process, checks);
        for (Dependency d : dependencies) {
            if (d.status() == HealthStatus.DOWN) {
                // Its own error too: what to fix in it once the dependency is back.
                boolean failing = own.status() == HealthStatus.DOWN || own.status() == HealthStatus.DEGRADED;
                return new Outcome(HealthStatus.DOWN, "dependency " + d.name() + " is DOWN (" + d.cause() + ")"
                        + (failing ? "; itself " + own.status() + ": " + own.cause() : ""), d.name());
            }
        }
        for (Dependency d : dependencies) {
            if (d.copies() && d.status() == HealthStatus.DEGRADED && own.status() == HealthStatus.UP) {
                return new Outcome(HealthStatus.DEGRADED, "dependency " + d.name() + " is DEGRADED (" + d.cause()
                        + ")", null);
            }
        }
        return own;
    }

    /**
     * The supervisor's message without the state it repeats: "stopped (exit 143)" under STOPPED
     * is "exit 143", so the cause reads "not running: STOPPED (exit 143)".
     */
    static String detail(ServiceState state, String message) {
        String word = state.name();
        if (message.regionMatches(true, 0, word, 0, word.length())) {
            String rest = message.substring(word.length()).trim();
            if (rest.startsWith("(") && rest.endsWith(")")) {
                rest = rest.substring(1, rest.length() - 1).trim();
            }
            return rest.startsWith(",") || rest.startsWith(":") ? rest.substring(1).trim() : rest;
        }
        return message;
    }

    /** The verdict of its process and checks alone. */
    private static Outcome own(ServiceStatus process, List<CheckHealth> checks) {
        if (process == null) {
            return new Outcome(HealthStatus.UNKNOWN, "the supervisor is not running", null);
        }
        if (process.state() != ServiceState.RUNNING && process.state() != ServiceState.STARTING) {
            String detail = detail(process.state(), process.message());
            return new Outcome(HealthStatus.DOWN, "not running: " + process.state()
                    + (detail.isEmpty() ? "" : " (" + detail + ")"), null);
        }
        HealthStatus worst = HealthStatus.UP;
        CheckHealth culprit = null;
        for (CheckHealth c : checks) {
            HealthStatus s = c.critical() ? c.status()
                    : c.status() == HealthStatus.DOWN ? HealthStatus.DEGRADED
                    : c.status() == HealthStatus.UNKNOWN ? HealthStatus.UP : c.status();
            if (s.ordinal() > worst.ordinal()) {
                worst = s;
                culprit = c;
            }
        }
        if (checks.isEmpty() && process.state() == ServiceState.STARTING) {
            return new Outcome(HealthStatus.UNKNOWN, "starting", null);
        }
        if (culprit == null) {
            return new Outcome(HealthStatus.UP, checks.isEmpty() ? "running, no checks" : "", null);
        }
        CheckResult last = culprit.recent().isEmpty() ? null : culprit.recent().get(culprit.recent().size() - 1);
        return new Outcome(worst, "check " + culprit.name() + ": " + (last == null ? "no result yet" : last.message()),
                null);
    }
}
