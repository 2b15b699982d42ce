package dev.vigil.recovery.coordinator.internal;

import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.recovery.Failure;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.recovery.RecoveryCoordinator.Sweep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass of detection and recovery on demand: every failing service is handed to
 * recovery (a FATAL one is started again as an operator would, forgetting its failures),
 * then the sweep waits for every recovery to end and says what is still not healthy. A
 * service an operator stopped is left stopped, and reported.
 */
final class Sweeper {
    private final Coordinator coordinator;
    private final Supervisor supervisor;
    private final HealthMonitor monitor;
    private final RecentAttempts recent;

    Sweeper(Coordinator coordinator, Supervisor supervisor, HealthMonitor monitor, RecentAttempts recent) {
        this.coordinator = coordinator;
        this.supervisor = supervisor;
        this.monitor = monitor;
        this.recent = recent;
    }

    Sweep sweep(Duration timeout) {
        Instant began = Instant.now();
        long deadline = System.nanoTime() + timeout.toNanos();
        if (supervisor == null) {
            return new Sweep(List.of(), List.of(), Map.of("vigil", "the supervisor is not running"), false);
        }
        List<Failure> found = new ArrayList<>();
        for (ServiceStatus st : supervisor.services()) {
            Optional<ServiceHealth> h = monitor == null ? Optional.empty() : monitor.service(st.name());
            if (st.state() == ServiceState.FATAL) {
                found.add(new Failure(st.name(), FailureKind.CRASHED, "FATAL: " + st.message(), Instant.now(),
                        Duration.ZERO, null));
                fatalStart(st);
                continue;
            }
            Failure f = coordinator.failureNow(st, h);
            if (f != null) {
                found.add(f);
                coordinator.begin(f);
            }
        }
        boolean timedOut = false;
        try {
            Thread.sleep(Verification.POLL_MS);
            while (coordinator.busy()) {
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    break;
                }
                Thread.sleep(Verification.POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        List<RecoveryRecord> attempts = new ArrayList<>(recent.since(began));
        return new Sweep(found, attempts, unhealthy(), timedOut);
    }

    /** A FATAL service gets an operator's start (its failures forgotten), verified and recorded. */
    private void fatalStart(ServiceStatus st) {
        Instant start = Instant.now();
        supervisor.start(st.name());
        Duration timeout = Optional.ofNullable(coordinator.config()).map(c -> c.services().get(st.name()))
                .map(d -> d.verifyTimeout()).orElse(Duration.ofSeconds(20));
        Verification.Result v;
        try {
            v = new Verification(supervisor, monitor).await(st.name(), timeout, () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        coordinator.record(new RecoveryRecord(st.name(), FailureKind.CRASHED, "start", start, start,
                Duration.between(start, Instant.now()), v.healthy() ? RecoveryRecord.Outcome.RECOVERED
                : RecoveryRecord.Outcome.FAILED, "started again by vigil recover after FATAL (" + st.message() + "); "
                + v.detail()));
    }

    private Map<String, String> unhealthy() {
        Map<String, String> out = new LinkedHashMap<>();
        Verification verification = new Verification(supervisor, monitor);
        for (ServiceStatus st : supervisor.services()) {
            if (st.state() == ServiceState.STOPPED) {
                out.put(st.name(), "STOPPED (stopped by an operator; left alone)");
            } else if (st.pid() <= 0) {
                out.put(st.name(), st.state() + (st.message().isEmpty() ? "" : ": " + st.message()));
            } else {
                Verification.Result r = verification.check(st);
                if (!r.healthy()) {
                    out.put(st.name(), st.state() + " " + r.detail());
                }
            }
        }
        return out;
    }
}
