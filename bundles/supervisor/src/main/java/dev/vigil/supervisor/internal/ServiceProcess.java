package dev.vigil.supervisor.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.port.PortConflictException;
import dev.vigil.api.port.PortUnavailableException;
import java.io.IOException;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised service and its current process: mechanism only. It launches, stops the
 * whole tree and reports every exit (through {@link ExitWatch}, not by polling);
 * it never decides to launch again on its own. Every state change happens under this
 * object's lock, and the listener is told under it too, in order; it must not call back
 * into this object.
 */
final class ServiceProcess {
    /** A process that stays up this long has started; one that dies sooner failed to start. */
    static final Duration START_GRACE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);

    /** What the supervisor is told. */
    interface Listener {
        void stateChanged(ServiceStatus before, ServiceStatus after, boolean operator);

        void exited(ServiceStatus after, Exit exit);
    }

    /**
     * How a process ended, or why a launch failed.
     *
     * @param pid          the process, or -1 when nothing was launched
     * @param exitCode     its exit code, or null when a signal ended it or it never ran
     * @param signal       the signal that ended it, or null
     * @param upFor        how long it ran
     * @param expected     whether Vigil stopped it
     * @param portConflict whether a port it should have was taken
     * @param port         the taken port's name, when known
     * @param message      one line for people
     */
    record Exit(long pid, Integer exitCode, Integer signal, Duration upFor, boolean expected, boolean portConflict,
                String port, String message) {
    }

    /** Gives a service its port numbers right before each launch. */
    interface PortSource {
        Map<String, Integer> assign(ServiceDefinition definition) throws PortUnavailableException;
    }

    /** What a service process is given from outside: its log, its state file, its own copies. */
    record Surroundings(LogSink log, StateFile state, StaleCopies copies) {
    }

    private final ServiceDefinition definition;
    private final LogSink log;
    private final StateFile stateFile;
    private final StaleCopies copies;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Listener listener;
    private final PortSource ports;
    private final Launcher launcher;
    private Map<String, Integer> assigned = Map.of();

    private ServiceState state = ServiceState.STOPPED;
    private Running process;
    private Running stopping;
    private Instant startedAt;
    private int restarts;
    private Integer lastExit;
    /** What happened last, when it needs no clock (see {@link #note}). */
    private String message = "";
    /** Which message {@link #status()} writes, with the time elapsed since what it tells. */
    private Note note = Note.FIXED;
    /** How the last process ended without Vigil stopping it ("crashed (signal 9)"), and when. */
    private String lastEnd;
    private Instant lastEndAt;
    private Duration lastUp;
    /** Why the current process is a restart, and when it was launched. */
    private String restartReason;
    private Instant restartedAt;
    /** Whether the process the last relaunch replaced had ended on its own (a crash) rather than being stopped. */
    private boolean restartAfterEnd;
    /** When a relaunch waiting in BACKOFF launches. */
    private Instant relaunchAt;
    private boolean wanted;
    /** Grows at every operator start or stop and every removal, so that a relaunch under way knows to give up. */
    private long epoch;
    private ScheduledFuture<?> pending;

    ServiceProcess(ServiceDefinition definition, Surroundings around, ScheduledExecutorService timers, Clock clock,
                   PortSource ports, Launcher launcher, Listener listener) {
        this.ports = ports;
        this.definition = definition;
        this.log = around.log();
        this.stateFile = around.state();
        this.copies = around.copies();
        this.timers = timers;
        this.clock = clock;
        this.launcher = launcher;
        this.listener = listener;
    }

    ServiceDefinition definition() {
        return definition;
    }

    /** What {@link ServiceStatus#message()} says; the ones that tell of an earlier moment say how long ago. */
    private enum Note { FIXED, ENDED, WAITING, RESTARTED }

    synchronized ServiceStatus status() {
        long pid = process != null && process.alive() ? process.pid() : -1;
        return new ServiceStatus(definition.name(), state, pid, pid > 0 ? startedAt : null, restarts, lastExit,
                message(clock.instant()), definition.origin(), assigned);
    }

    // Must hold the lock.
    private String message(Instant now) {
        String ended = lastEnd == null ? null : lastEnd + " " + ago(lastEndAt, now);
        return switch (note) {
            case FIXED -> message;
            case ENDED -> ended + ", after " + Durations.elapsed(lastUp) + " up";
            case WAITING -> (restartAfterEnd && ended != null ? ended : restartReason)
                    + (relaunchAt == null || !relaunchAt.isAfter(now) ? "; restarting now"
                    : "; restart in " + Durations.elapsed(Duration.between(now, relaunchAt)));
            case RESTARTED -> restartAfterEnd && ended != null ? ended + ", restarted"
                    : "restarted " + ago(restartedAt, now) + " (" + restartReason + ")";
        };
    }

    private static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        return d.toSeconds() < 1 ? "just now" : Durations.elapsed(d) + " ago";
    }

    // Must hold the lock.
    private void fixed(String text) {
        note = Note.FIXED;
        message = text;
    }

    /** The ports given at the last launch. */
    synchronized Map<String, Integer> assigned() {
        return assigned;
    }

    /**
     * Starts the service now; does nothing if it is already up. An operator's start also
     * leaves FATAL and abandons any relaunch under way.
     */
    void start(boolean operator) {
        synchronized (this) {
            ServiceStatus before = status();
            wanted = true;
            if (operator) {
                epoch++;
                notifyAll();
            }
            if (process != null && process.alive()) {
                return; // keep the pending promotion to RUNNING: cancelling it would leave it STARTING
            }
            if (operator) {
                // Told first, so that recovery forgets the past before it hears of this launch's fate.
                listener.stateChanged(before, status(), true);
                before = status();
            }
            launch();
            changed(before, false);
        }
    }

    /** Stops the service and its descendants; blocks until they are gone. */
    void stop(boolean operator) {
        Running current;
        synchronized (this) {
            ServiceStatus before = status();
            wanted = false;
            epoch++;
            notifyAll();
            cancelPending();
            current = process;
            if (current == null || !current.alive()) {
                state = ServiceState.STOPPED;
                fixed("stopped");
            }
            changed(before, operator);
        }
        terminate(current);
    }

    /**
     * Stops what is left of the process, waits {@code delay} in BACKOFF, then launches again,
     * counting a restart; abandoned when an operator or the config takes over meanwhile.
     */
    ServiceStatus relaunch(Duration delay, String reason) {
        long mine;
        Running old;
        synchronized (this) {
            if (!wanted) {
                return status();
            }
            mine = epoch;
            ServiceStatus before = status();
            old = process != null && process.alive() ? process : null;
            stopping = old;
            cancelPending();
            state = ServiceState.BACKOFF;
            restartReason = reason;
            restartAfterEnd = old == null;
            relaunchAt = clock.instant().plus(delay);
            note = Note.WAITING;
            changed(before, false);
        }
        terminate(old);
        synchronized (this) {
            long deadline = System.nanoTime() + delay.toNanos();
            while (epoch == mine && System.nanoTime() < deadline) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return status();
                }
            }
            if (epoch != mine || !wanted || process != null && process.alive()) {
                return status();
            }
            ServiceStatus before = status();
            restarts++;
            launch();
            if (state == ServiceState.STARTING) {
                restartedAt = clock.instant();
                note = Note.RESTARTED;
            }
            changed(before, false);
            return status();
        }
    }

    /**
     * Puts the service into FATAL, stopping what is left of it first; does nothing to a service
     * nobody wants running (an operator or the config stopped it while recovery was at work).
     */
    ServiceStatus giveUp(String reason) {
        Running old;
        synchronized (this) {
            if (!wanted) {
                LOG.info("Service {}: recovery gave up ({}), but it was stopped meanwhile; left {}", definition.name(),
                        reason, state);
                return status();
            }
            ServiceStatus before = status();
            wanted = false;
            epoch++;
            notifyAll();
            cancelPending();
            old = process != null && process.alive() ? process : null;
            stopping = old;
            state = ServiceState.FATAL;
            fixed(reason);
            LOG.error("Service {} is FATAL: {}", definition.name(), reason);
            changed(before, false);
        }
        terminate(old);
        return status();
    }

    /**
     * Takes over a process an earlier daemon launched for this service with the same launch,
     * as if this one had: RUNNING (or STARTING, if it started a moment ago), watched, counted.
     */
    void adopt(Running adopted, Map<String, Integer> given, int restartsSoFar, Integer lastExitSoFar) {
        synchronized (this) {
            ServiceStatus before = status();
            wanted = true;
            assigned = given;
            restarts = restartsSoFar;
            lastExit = lastExitSoFar;
            process = adopted;
            startedAt = adopted.startedAt();
            log.mark();
            boolean settled = Duration.between(startedAt, clock.instant()).compareTo(START_GRACE) >= 0;
            state = settled ? ServiceState.RUNNING : ServiceState.STARTING;
            fixed("adopted pid " + adopted.pid() + ", left running by an earlier daemon");
            adopted.exit().thenAccept(status -> exited(adopted, status));
            if (!settled) {
                pending = timers.schedule(() -> promote(adopted), START_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            LOG.info("Service {}: {}", definition.name(), message);
            changed(before, false);
        }
    }

    private void terminate(Running current) {
        if (current != null && current.alive()) {
            ProcessHandle handle = current.handle();
            if (handle != null && !ProcessTree.terminate(List.of(handle), definition.stopTimeout(), current.exit())) {
                LOG.warn("Service {} did not stop within {} of SIGTERM; killed", definition.name(),
                        Durations.human(definition.stopTimeout()));
            }
            current.exit().join();
            awaitExitHandled(current);
        }
        // Descendants that left the tree (double-forked, setsid) still carry the service's marker.
        List<ProcessHandle> left = copies.marked(definition.name());
        if (!left.isEmpty()) {
            LOG.info("Service {}: stopping {} descendant(s) that left its process tree: {}", definition.name(),
                    left.size(), left.stream().map(ProcessHandle::pid).toList());
            ProcessTree.terminate(left, definition.stopTimeout(), null);
        }
    }

    // Must hold the lock.
    private void launch() {
        cancelPending();
        Map<String, Integer> given;
        try {
            given = ports.assign(definition);
        } catch (PortConflictException e) {
            LOG.error("Service {}: {}", definition.name(), e.getMessage());
            failedToLaunch(e.getMessage(), true, e.portName());
            return;
        } catch (PortUnavailableException e) {
            LOG.error("Service {}: {}", definition.name(), e.getMessage());
            failedToLaunch(e.getMessage(), true, null);
            return;
        }
        assigned = given;
        try {
            Launcher.Launch launch = launcher.prepare(definition, given);
            log.mark();
            Running started = launcher.launch(launch, definition.name(), log);
            process = started;
            startedAt = started.startedAt();
            state = ServiceState.STARTING;
            fixed("started pid " + started.pid());
            stateFile.put(definition.name(), new StateFile.Entry(started.pid(), started.startTicks(), Proc.bootId(),
                    startedAt.toEpochMilli(), launch.command(), launch.digest(), given, restarts, lastExit));
            started.exit().thenAccept(status -> exited(started, status));
            pending = timers.schedule(() -> promote(started), START_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            process = null;
            startedAt = null;
            String why = "cannot run " + definition.command().get(0) + " (cwd " + definition.workingDir() + "): "
                    + e.getMessage();
            LOG.error("Service {}: {}", definition.name(), why);
            failedToLaunch(why, false, null);
        }
    }

    // Must hold the lock.
    private void failedToLaunch(String why, boolean portConflict, String port) {
        state = ServiceState.BACKOFF;
        lastEnd = null; // nothing ran: an earlier crash is not why it is down now
        fixed(why);
        listener.exited(status(), new Exit(-1, null, null, Duration.ZERO, false, portConflict, port, why));
    }

    private void promote(Running started) {
        synchronized (this) {
            if (process != started || !started.alive() || state != ServiceState.STARTING) {
                return;
            }
            ServiceStatus before = status();
            state = ServiceState.RUNNING;
            changed(before, false);
        }
    }

    private void exited(Running ended, ExitWatch.Status status) {
        synchronized (this) {
            if (process != ended) {
                return;
            }
            ServiceStatus before = status();
            lastExit = status.combined();
            Duration upFor = Duration.between(startedAt, clock.instant());
            boolean expected = !wanted || stopping == ended;
            process = null;
            startedAt = null;
            stopping = null;
            cancelPending();
            stateFile.remove(definition.name());
            Integer code = status.code();
            Integer signal = status.signal();
            String how = (signal != null ? "signal " + signal + " (code " + lastExit + ")"
                    : code != null ? "code " + code : "an unknown status (adopted: its parent is init)")
                    + " after " + upFor.toMillis() + " ms";
            boolean portConflict = false;
            if (!wanted) {
                if (state != ServiceState.FATAL) {
                    state = ServiceState.STOPPED;
                    fixed("stopped (exit " + lastExit + ")");
                }
            } else if (!expected) {
                portConflict = LogTail.saysAddressInUse(log.recent());
                state = ServiceState.BACKOFF;
                lastEnd = (signal != null ? "crashed (signal " + signal + ")" : code != null ? "exited (code " + code + ")"
                        : "exited (status unknown)") + (portConflict ? " saying its address is already in use" : "");
                lastEndAt = clock.instant();
                lastUp = upFor;
                note = Note.ENDED;
                LOG.warn("Service {} (pid {}) exited with {}{}", definition.name(), ended.pid(), how,
                        portConflict ? " saying its address is already in use" : "");
            }
            notifyAll();
            changed(before, false);
            listener.exited(status(), new Exit(ended.pid(), code, signal, upFor, expected, portConflict, null,
                    expected ? "stopped by Vigil (exit " + lastExit + ")" : "exited with " + how));
        }
    }

    private synchronized void awaitExitHandled(Running ended) {
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
    private void changed(ServiceStatus before, boolean operator) {
        ServiceStatus after = status();
        if (before.state() != after.state() || before.pid() != after.pid() || operator) {
            listener.stateChanged(before, after, operator);
        }
    }
}
