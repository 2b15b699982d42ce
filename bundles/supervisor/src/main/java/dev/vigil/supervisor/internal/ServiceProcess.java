package dev.vigil.supervisor.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.port.PortUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised service and its current process. A crash is seen when the process exits
 * (through {@link Process#onExit()}, not by polling) and answered by a restart after the
 * delay its {@link RestartSchedule} gives. Every state change happens under this object's
 * lock, and the listener is told under it too, in order; it must not call back into this object.
 */
final class ServiceProcess {
    /** A process that stays up this long has started; one that dies sooner failed to start. */
    static final Duration START_GRACE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);

    interface Listener {
        void stateChanged(ServiceStatus before, ServiceStatus after);
    }

    /** Gives a service its port numbers right before each launch. */
    interface PortSource {
        Map<String, Integer> assign(ServiceDefinition definition) throws PortUnavailableException;
    }

    private final ServiceDefinition definition;
    private final Path logFile;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Listener listener;
    private final RestartSchedule schedule;
    private final PortSource ports;
    private Map<String, Integer> assigned = Map.of();

    private ServiceState state = ServiceState.STOPPED;
    private Process process;
    private Instant startedAt;
    private int restarts;
    private Integer lastExit;
    private String message = "";
    private boolean wanted;
    private ScheduledFuture<?> pending;

    ServiceProcess(ServiceDefinition definition, Path logDir, ScheduledExecutorService timers, Clock clock,
                   PortSource ports, Listener listener) {
        this.ports = ports;
        this.definition = definition;
        this.logFile = logDir.resolve(definition.name() + ".log");
        this.timers = timers;
        this.clock = clock;
        this.listener = listener;
        this.schedule = new RestartSchedule(definition.restart(), () -> ThreadLocalRandom.current().nextDouble());
    }

    ServiceDefinition definition() {
        return definition;
    }

    synchronized ServiceStatus status() {
        long pid = process != null && process.isAlive() ? process.pid() : -1;
        return new ServiceStatus(definition.name(), state, pid, pid > 0 ? startedAt : null, restarts, lastExit,
                message, definition.origin(), assigned);
    }

    /** Starts the service now, forgetting earlier crashes; does nothing if it is already up. */
    void start() {
        ServiceStatus before;
        synchronized (this) {
            before = status();
            wanted = true;
            schedule.reset();
            if (process != null && process.isAlive()) {
                return; // keep the pending promotion to RUNNING: cancelling it would leave it STARTING
            }
            cancelPending();
            launch();
            changed(before);
        }
    }

    /** Stops the service and its descendants; blocks until they are gone. */
    void stop() {
        Process current;
        ServiceStatus before;
        synchronized (this) {
            before = status();
            wanted = false;
            cancelPending();
            current = process;
            if (current == null || !current.isAlive()) {
                state = ServiceState.STOPPED;
                message = "stopped";
            }
            changed(before);
        }
        if (current != null && current.isAlive()) {
            boolean clean = ProcessTree.terminate(current.toHandle(), definition.stopTimeout());
            if (!clean) {
                LOG.warn("Service {} did not stop within {} of SIGTERM; killed", definition.name(),
                        definition.stopTimeout());
            }
            current.onExit().join();
            awaitExitHandled(current);
        }
    }

    // Must hold the lock.
    private void launch() {
        Map<String, Integer> assigned;
        try {
            assigned = ports.assign(definition);
        } catch (PortUnavailableException e) {
            LOG.error("Service {}: {}", definition.name(), e.getMessage());
            crashed(e.getMessage(), Duration.ZERO);
            return;
        }
        this.assigned = assigned;
        ProcessBuilder builder = new ProcessBuilder(PortReferences.fill(definition.command(), assigned))
                .directory(definition.workingDir().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        definition.env().forEach((k, v) -> env.put(k, PortReferences.fill(v, assigned)));
        env.put("VIGIL_SERVICE", definition.name());
        assigned.forEach((name, port) ->
                env.put("VIGIL_PORT_" + name.toUpperCase(Locale.ROOT), port.toString()));
        if (assigned.size() == 1) {
            env.put("PORT", assigned.values().iterator().next().toString());
        }
        try {
            Files.createDirectories(logFile.getParent());
            Process started = builder.start();
            process = started;
            startedAt = clock.instant();
            state = ServiceState.STARTING;
            message = "started pid " + started.pid();
            LOG.info("Started {} (pid {}): {}", definition.name(), started.pid(), builder.command());
            started.onExit().thenRun(() -> exited(started));
            pending = timers.schedule(() -> promote(started), START_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            process = null;
            startedAt = null;
            String detail = String.valueOf(e.getMessage());
            int cut = detail.lastIndexOf("): ");
            String why = "cannot run " + definition.command().get(0) + " (cwd " + definition.workingDir() + "): "
                    + (cut > 0 ? detail.substring(cut + 3) : detail);
            LOG.error("Service {}: {}", definition.name(), why);
            crashed(why, Duration.ZERO);
        }
    }

    private void promote(Process started) {
        ServiceStatus before;
        synchronized (this) {
            if (process != started || !started.isAlive() || state != ServiceState.STARTING) {
                return;
            }
            before = status();
            state = ServiceState.RUNNING;
            changed(before);
        }
    }

    private void exited(Process ended) {
        ServiceStatus before;
        synchronized (this) {
            if (process != ended) {
                return;
            }
            before = status();
            lastExit = ended.exitValue();
            Duration upFor = Duration.between(startedAt, clock.instant());
            process = null;
            startedAt = null;
            if (!wanted) {
                state = ServiceState.STOPPED;
                message = "stopped (exit " + lastExit + ")";
            } else {
                String why = "exited with " + describeExit(lastExit) + " after " + upFor.toMillis() + " ms";
                LOG.warn("Service {} (pid {}) {}", definition.name(), ended.pid(), why);
                crashed(why, upFor);
            }
            notifyAll();
            changed(before);
        }
    }

    // Must hold the lock.
    private void crashed(String why, Duration upFor) {
        cancelPending();
        Duration delay = schedule.onCrash(clock.instant(), upFor);
        if (delay == null) {
            state = ServiceState.FATAL;
            message = why + "; gave up after " + definition.restart().maxRestarts() + " restarts within "
                    + human(definition.restart().window());
            LOG.error("Service {} is FATAL: {}", definition.name(), message);
            return;
        }
        state = ServiceState.BACKOFF;
        message = why + "; restart in " + delay.toMillis() + " ms";
        if (delay.isZero()) {
            timers.execute(this::restartAfterCrash);
        } else {
            pending = timers.schedule(this::restartAfterCrash, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void restartAfterCrash() {
        ServiceStatus before;
        synchronized (this) {
            if (!wanted || state != ServiceState.BACKOFF) {
                return;
            }
            before = status();
            restarts++;
            launch();
            changed(before);
        }
    }

    private synchronized void awaitExitHandled(Process ended) {
        while (process == ended) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    // Called with the lock held, so that listeners see transitions in the order they happened.
    private void changed(ServiceStatus before) {
        ServiceStatus after = status();
        if (before.state() != after.state() || before.pid() != after.pid()) {
            listener.stateChanged(before, after);
        }
    }

    /** A duration the way configs write it: 500ms, 10s, 5m, 2h. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static String describeExit(int code) {
        return code > 128 ? "signal " + (code - 128) + " (code " + code + ")" : "code " + code;
    }
}
