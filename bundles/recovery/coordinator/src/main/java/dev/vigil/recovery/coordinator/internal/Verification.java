package dev.vigil.recovery.coordinator.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.check.ServiceHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Whether a repair worked: the service is healthy (UP or DEGRADED) by checks that ran on its
 * current process, or RUNNING when it has no checks (RUNNING means up for a second), within
 * the verify timeout. A process that exits again fails the verification at once.
 */
final class Verification {
    static final long POLL_MS = 50;
    static final long RECHECK_MS = 250;

    /** What was seen. */
    record Result(boolean healthy, String detail) {
    }

    private final Supervisor supervisor;
    private final HealthMonitor monitor;

    /** @param monitor null when no health monitor is installed */
    Verification(Supervisor supervisor, HealthMonitor monitor) {
        this.supervisor = supervisor;
        this.monitor = monitor;
    }

    /** Waits for the service to be healthy; {@code cancelled} ends the wait early. */
    Result await(String service, Duration timeout, BooleanSupplier cancelled) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long askedFor = -1;
        long askedAt = 0;
        String last = "no status";
        while (true) {
            Optional<ServiceStatus> s = supervisor.service(service);
            if (s.isEmpty()) {
                return new Result(false, "the service left the config");
            }
            ServiceStatus st = s.get();
            if (st.pid() <= 0 || st.state() == ServiceState.FATAL || st.state() == ServiceState.STOPPED) {
                return new Result(false, "not running: " + st.state() + (st.message().isEmpty() ? "" : " (" + st.message() + ")"));
            }
            // A process under repair is checked again every RECHECK_MS until it passes, whatever
            // its interval: the repair is proved as soon as it works, and nothing healthy is polled.
            if (monitor != null && (st.pid() != askedFor || System.nanoTime() - askedAt > RECHECK_MS * 1_000_000)) {
                askedFor = st.pid();
                askedAt = System.nanoTime();
                monitor.recheck(service);
            }
            Result now = check(st);
            if (now.healthy()) {
                return now;
            }
            last = now.detail();
            if (cancelled.getAsBoolean()) {
                return new Result(false, "cancelled: an operator took over");
            }
            if (System.nanoTime() > deadline) {
                return new Result(false, "not healthy within " + timeout.toMillis() + " ms: " + last);
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** Healthy now, by the current process's own check results? */
    Result check(ServiceStatus st) {
        Optional<ServiceHealth> h = monitor == null ? Optional.empty() : monitor.service(st.name());
        if (h.isEmpty() || h.get().checks().isEmpty()) {
            return st.state() == ServiceState.RUNNING
                    ? new Result(true, "running (pid " + st.pid() + ")")
                    : new Result(false, "starting (pid " + st.pid() + ")");
        }
        ServiceHealth health = h.get();
        if (health.status() != HealthStatus.UP && health.status() != HealthStatus.DEGRADED) {
            return new Result(false, health.status() + (health.cause().isEmpty() ? "" : ": " + health.cause()));
        }
        Instant started = st.startedAt();
        for (CheckHealth c : health.checks()) {
            boolean fresh = !c.recent().isEmpty() && started != null
                    && !c.recent().get(c.recent().size() - 1).time().isBefore(started);
            if (c.critical() && !fresh) {
                return new Result(false, "check " + c.name() + " has not run on pid " + st.pid() + " yet");
            }
        }
        return new Result(true, health.status() + " (pid " + st.pid() + ")");
    }
}
