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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one check of one service on its interval. The timer thread only notes the time and
 * hands the run to the dispatch pool; the check type answers asynchronously, so no thread
 * waits on a slow target, and a run still going at the next due time is skipped rather
 * than stacked.
 */
final class CheckRunner {
    private static final Pattern PORT_REF = Pattern.compile("\\$\\{port\\.([A-Za-z][A-Za-z0-9_]*)}");

    /** What a runner needs from the monitor. */
    interface Context {
        CheckType type(String name);

        /** The service's process, or null when the supervisor is not there. */
        ServiceStatus process(String service);

        Executor dispatch();

        ScheduledExecutorService timer();

        Lateness lateness();

        /** A check of this service changed status. */
        void changed(String service);
    }

    private final String service;
    private final CheckSpec spec;
    private final Context context;
    private final CheckState state;
    private ScheduledFuture<?> schedule;
    private long expectedNanos;
    private boolean inFlight;
    private long lastPid = -1;

    CheckRunner(String service, CheckSpec spec, Context context) {
        this.service = service;
        this.spec = spec;
        this.context = context;
        this.state = new CheckState(spec);
    }

    CheckSpec spec() {
        return spec;
    }

    void start(Duration initialDelay) {
        long interval = spec.interval().toNanos();
        synchronized (this) {
            expectedNanos = System.nanoTime() + initialDelay.toNanos();
        }
        schedule = context.timer().scheduleAtFixedRate(this::due, initialDelay.toNanos(), interval, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
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

    private void due() {
        long now = System.nanoTime();
        synchronized (this) {
            long late = now - expectedNanos;
            expectedNanos += spec.interval().toNanos();
            if (inFlight) {
                context.lateness().skipped();
                return;
            }
            inFlight = true;
            context.lateness().record(Math.max(0, late / 1000));
        }
        context.dispatch().execute(this::run);
    }

    private void run() {
        CheckType type = context.type(spec.type());
        if (type == null) {
            settleUnknown("no check type \"" + spec.type() + "\" installed; drop its bundle into deploy/");
            return;
        }
        ServiceStatus process = context.process(service);
        if (process == null || process.pid() <= 0 || process.state() == ServiceState.STOPPED) {
            settleUnknown("not checked: the service is not running");
            return;
        }
        synchronized (this) {
            if (process.pid() != lastPid) {
                lastPid = process.pid();
                state.restart();
            }
        }
        boolean inStartPeriod = process.startedAt() != null
                && process.startedAt().plus(spec.startPeriod()).isAfter(Instant.now());
        long started = System.nanoTime();
        CompletionStage<CheckResult> stage;
        try {
            Parameters params = new Parameters(fill(spec.parameters(), process.ports()));
            stage = type.run(new CheckRequest(service, process.pid(), process.ports(), params, spec.timeout()));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        // A safety net: a type that ignores its timeout is cut off a little after it.
        long limit = spec.timeout().toMillis() + spec.timeout().toMillis() / 5 + 50;
        stage.toCompletableFuture().orTimeout(limit, TimeUnit.MILLISECONDS)
                .whenComplete((result, error) -> settle(result, error, started, inStartPeriod));
    }

    private void settle(CheckResult result, Throwable error, long started, boolean inStartPeriod) {
        CheckResult r = result != null ? result : failure(error, Duration.ofNanos(System.nanoTime() - started));
        HealthStatus before;
        HealthStatus after;
        synchronized (this) {
            before = state.status();
            state.record(r, inStartPeriod);
            after = state.status();
            inFlight = false;
        }
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
            inFlight = false;
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

    /** Fills {@code ${port.NAME}} in every string of the parameters with the assigned port. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fill(Map<String, Object> params, Map<String, Integer> ports) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, fillValue(v, ports)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object fillValue(Object v, Map<String, Integer> ports) {
        if (v instanceof String s) {
            Matcher m = PORT_REF.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                Integer port = ports.get(m.group(1));
                m.appendReplacement(b, Matcher.quoteReplacement(port == null ? m.group() : port.toString()));
            }
            return m.appendTail(b).toString();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> fillValue(x, ports)).toList();
        }
        if (v instanceof Map<?, ?> m) {
            return fill((Map<String, Object>) m, ports);
        }
        return v;
    }
}
