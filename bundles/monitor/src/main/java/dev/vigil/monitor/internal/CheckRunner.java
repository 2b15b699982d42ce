package dev.vigil.monitor.internal;

import dev.vigil.api.CheckSpec;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.Parameters;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one check of one service: the next run is due {@code interval} after the last one's
 * due time, or {@code retryInterval} after it when that one failed. The timer thread only
 * notes the time and hands the run to the dispatch pool; the check type answers
 * asynchronously, so no thread waits on a slow target. The next run is scheduled when a run
 * ends, so none is ever stacked: due times that pass while a run is still going are skipped.
 * Due times fall on a grid of {@link #SLOT_NANOS}, shared by every runner: checks due in the
 * same slot wake the timer, the dispatch pool and the check types' threads once between them,
 * not once each (a wake-up per check was most of the CPU of 50 TCP checks, bench/footprint.sh).
 */
final class CheckRunner {
    /** The grid of due times; a cadence that is a multiple of it (1s, 250ms) keeps its exact interval. */
    static final long SLOT_NANOS = 50_000_000L;

    /** What a runner needs from the monitor. */
    interface Context {
        CheckType type(String name);

        /** A service's process, or null when the supervisor is not there or does not know it. */
        ServiceStatus process(String service);

        Executor dispatch();

        ScheduledExecutorService timer();

        Lateness lateness();

        /** A check of this service changed status. */
        void changed(String service);

        /** A run of a check ended with this result; must return at once. */
        void observed(String service, CheckSpec check, CheckResult result);
    }

    private final String service;
    private final CheckSpec spec;
    private final Context context;
    private final CheckState state;
    /** The parameters of the last run; without port placeholders, the same ones every run. */
    private Parameters params;
    private final boolean placeholders;
    // All guarded by this.
    private long dueNanos;
    private long generation;
    private ScheduledFuture<?> next;
    private boolean inFlight;
    private boolean again;
    private boolean stopped;
    private long lastPid = -1;

    CheckRunner(String service, CheckSpec spec, Context context) {
        this.service = service;
        this.spec = spec;
        this.context = context;
        this.state = new CheckState(spec);
        this.placeholders = PortPlaceholders.any(spec.parameters());
    }

    CheckSpec spec() {
        return spec;
    }

    synchronized void start(Duration initialDelay) {
        dueNanos = onGrid(System.nanoTime() + initialDelay.toNanos());
        schedule();
    }

    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    /** Runs the check as soon as possible (after the run in flight, if any); the cadence goes on from then. */
    synchronized void recheck() {
        if (stopped) {
            return;
        }
        if (inFlight) {
            again = true;
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        dueNanos = System.nanoTime();
        schedule();
    }

    /**
     * The service's process is {@code pid} now. A new one makes the check start over at once,
     * as nothing the old process did says anything about it; it keeps its cadence, so that a
     * process starting up is not judged before its first interval (recovery asks for an early
     * run with {@link #recheck} when it verifies a repair). The caller recomputes the verdicts.
     */
    synchronized void process(long pid) {
        if (pid != lastPid) {
            lastPid = pid;
            state.unknown(new CheckResult(HealthStatus.UNKNOWN, "not checked yet: new process " + pid,
                    Duration.ZERO, Instant.now()));
        }
    }

    synchronized CheckHealth snapshot() {
        return state.snapshot();
    }

    synchronized HealthStatus status() {
        return state.status();
    }

    synchronized CheckResult last() {
        return state.last();
    }

    /** Asks the timer for a call at {@code dueNanos}; an earlier request still pending is void. */
    private void schedule() {
        long token = ++generation;
        try {
            next = context.timer().schedule(() -> due(token), dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            stopped = true;
        }
    }

    private void due(long token) {
        long now = System.nanoTime();
        synchronized (this) {
            if (stopped || token != generation || inFlight) {
                return;
            }
            next = null;
            inFlight = true;
            context.lateness().record(Math.max(0, (now - dueNanos) / 1000));
        }
        try {
            context.dispatch().execute(this::run);
        } catch (RejectedExecutionException shuttingDown) {
            stop();
        }
    }

    /** After a run: the next one is due an interval (a retry interval after a failure) after this one was. */
    private synchronized void ended(boolean failed) {
        inFlight = false;
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        if (again) {
            again = false;
            dueNanos = now;
        } else {
            long step = (failed ? spec.retryInterval() : spec.interval()).toNanos();
            dueNanos = onGrid(dueNanos + step);
            if (dueNanos - now < 0) {
                long missed = (now - dueNanos) / step + 1;
                context.lateness().skipped(missed);
                dueNanos = onGrid(dueNanos + missed * step);
            }
        }
        schedule();
    }

    /** The first slot at or after {@code nanos} (nanoTime's origin is the same for every runner). */
    static long onGrid(long nanos) {
        return nanos - Math.floorMod(nanos, SLOT_NANOS) + (Math.floorMod(nanos, SLOT_NANOS) == 0 ? 0 : SLOT_NANOS);
    }

    private void run() {
        ServiceStatus process;
        CheckType type;
        try {
            type = context.type(spec.type());
            process = context.process(service);
        } catch (RuntimeException e) {
            settleUnknown("the check failed: " + e);
            return;
        }
        if (type == null) {
            settleUnknown("no check type \"" + spec.type() + "\" installed; drop its bundle into deploy/");
            return;
        }
        if (process == null || process.pid() <= 0 || process.state() == ServiceState.STOPPED) {
            settleUnknown("not checked: the service is not running");
            return;
        }
        synchronized (this) {
            if (process.pid() != lastPid) { // no event said so (EventAdmin missing, or not there yet)
                lastPid = process.pid();
                state.restart();
            }
        }
        boolean inStartPeriod = process.startedAt() != null
                && process.startedAt().plus(spec.startPeriod()).isAfter(Instant.now());
        long started = System.nanoTime();
        CompletionStage<CheckResult> stage;
        try {
            stage = type.run(new CheckRequest(service, process.pid(), process.ports(), parameters(process), spec.timeout()));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        // A safety net: a type that ignores its timeout is cut off a little after it.
        long limit = spec.timeout().toMillis() + spec.timeout().toMillis() / 5 + 50;
        long pid = process.pid();
        stage.toCompletableFuture().orTimeout(limit, TimeUnit.MILLISECONDS)
                .whenComplete((result, error) -> settle(result, error, started, inStartPeriod, pid));
    }

    /**
     * The parameters for this run, filled from the ports the services have now; the last run's
     * when they are the same (a run a second need not copy and scan them each time). Runs of
     * one runner never overlap, and each starts after the one before ended, both under this
     * runner's lock, so the field needs no lock of its own.
     */
    private Parameters parameters(ServiceStatus process) {
        Parameters last = params;
        if (last != null && !placeholders) {
            return last;
        }
        Map<String, Object> filled = placeholders
                ? new PortPlaceholders(process.ports(), this::portsOf).fill(spec.parameters()) : spec.parameters();
        if (last == null || !last.values().equals(filled)) {
            last = new Parameters(filled);
            params = last;
        }
        return last;
    }

    private Map<String, Integer> portsOf(String other) {
        ServiceStatus s = context.process(other);
        return s == null ? Map.of() : s.ports();
    }

    private void settle(CheckResult result, Throwable error, long started, boolean inStartPeriod, long pid) {
        CheckResult r = result != null ? result : failure(error, Duration.ofNanos(System.nanoTime() - started));
        HealthStatus before;
        HealthStatus after;
        boolean failed = r.status() == HealthStatus.DOWN && !inStartPeriod;
        synchronized (this) {
            before = state.status();
            // A result about a process that was replaced meanwhile says nothing about the new one.
            if (pid == lastPid) {
                state.record(r, inStartPeriod);
            }
            after = state.status();
            ended(failed && pid == lastPid);
        }
        context.observed(service, spec, r);
        if (before != after) {
            context.changed(service);
        }
    }

    private void settleUnknown(String why) {
        HealthStatus before;
        synchronized (this) {
            before = state.status();
            CheckResult last = state.last();
            if (last == null || !last.message().equals(why)) {
                state.unknown(new CheckResult(HealthStatus.UNKNOWN, why, Duration.ZERO, Instant.now()));
            }
            ended(false);
        }
        if (before != HealthStatus.UNKNOWN) {
            context.changed(service);
        }
    }

    private CheckResult failure(Throwable error, Duration took) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return new CheckResult(HealthStatus.DOWN, "no result within " + spec.timeout().toMillis() + " ms", took,
                    Instant.now());
        }
        if (cause instanceof IllegalArgumentException) {
            return new CheckResult(HealthStatus.UNKNOWN, "bad check parameters: " + cause.getMessage(), took, Instant.now());
        }
        return new CheckResult(HealthStatus.UNKNOWN, "the check failed: " + cause, took, Instant.now());
    }
}
