package dev.vigil.runtime;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;

/**
 * What the daemon tells systemd when it runs as a {@code Type=notify} unit: READY=1 once
 * ready, STOPPING=1 when it begins to stop, and WATCHDOG=1 every half of
 * {@code $WATCHDOG_USEC} while the core answers (of the framework running now: it may be restarted). When the core is wedged the pings stop, so
 * that systemd's watchdog restarts the daemon. Does nothing outside systemd.
 */
final class SystemdLink implements AutoCloseable {
    private final SystemdNotifier notifier;
    private final PrintStream log;
    private ScheduledExecutorService timer;
    private CoreProbe probe;
    private volatile boolean wedged;

    private SystemdLink(SystemdNotifier notifier, PrintStream log) {
        this.notifier = notifier;
        this.log = log;
    }

    /** A link for this process's environment; a no-op one when systemd did not ask for notifications. */
    static SystemdLink fromEnvironment(PrintStream log) {
        return new SystemdLink(SystemdNotifier.fromEnvironment(System.getenv()).orElse(null), log);
    }

    /** Says the daemon is ready, then keeps the watchdog fed while the core answers. */
    void ready(java.util.function.Supplier<BundleContext> context) {
        if (notifier == null) {
            return;
        }
        long pid = ProcessHandle.current().pid();
        send("READY=1\nMAINPID=" + pid + "\nSTATUS=supervising");
        long usec = watchdogMicros(System.getenv(), pid);
        if (usec <= 0) {
            return;
        }
        long period = Math.max(1, usec / 2 / 1000);
        probe = new CoreProbe(context, Math.max(1, Math.min(period, 5_000)));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-systemd-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::feed, 0, period, TimeUnit.MILLISECONDS);
        log.println("vigil: systemd watchdog every " + period + " ms on " + notifier.socket());
    }

    /** Says the daemon is stopping and stops the watchdog pings, which systemd no longer expects. */
    void stopping() {
        close();
        if (notifier != null) {
            send("STOPPING=1\nSTATUS=stopping");
        }
    }

    private void feed() {
        String problem = probe.problem();
        if (problem == null) {
            if (wedged) {
                log.println("vigil: the core answers again; feeding the systemd watchdog");
                wedged = false;
            }
            send("WATCHDOG=1");
        } else if (!wedged) {
            wedged = true;
            log.println("vigil: the core does not answer (" + problem + "); no longer feeding the systemd watchdog,"
                    + " which restarts Vigil");
        }
    }

    /** $WATCHDOG_USEC when it is meant for this process ($WATCHDOG_PID absent or ours), else 0. */
    static long watchdogMicros(Map<String, String> env, long pid) {
        String owner = env.get("WATCHDOG_PID");
        if (owner != null && !owner.equals(Long.toString(pid))) {
            return 0;
        }
        try {
            return Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void send(String state) {
        try {
            notifier.send(state);
        } catch (RuntimeException | LinkageError e) {
            log.println("vigil: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (probe != null) {
            probe.close();
        }
    }
}
