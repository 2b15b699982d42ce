package dev.vigil.runtime;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The launcher's watchdog over Vigil's core: the remote shell, the config and the supervisor
 * bundles active, and the supervisor registered. When one of them has been gone for longer
 * than {@link #TIMEOUT_PROPERTY} (an update or a reinstall takes less), the framework is
 * restarted; the services run on and the restarted supervisor adopts them. A core that is gone
 * again soon after a restart gets twice as long each time (at most {@link #MAX_WAIT_MS}),
 * so a bundle that can never start does not restart the framework in a loop.
 */
final class CoreWatch implements AutoCloseable {
    /** Framework or system property: milliseconds the core may be gone before a restart; 0 turns the watch off. */
    static final String TIMEOUT_PROPERTY = "vigil.watchdog.timeout";
    static final long DEFAULT_TIMEOUT_MS = 5_000;
    static final long MAX_WAIT_MS = 300_000;
    /** A restart followed by this long with the core in place resets the wait to the timeout. */
    private static final long STABLE_MS = 60_000;
    private static final String[] CORE = {"dev.vigil.shell", "dev.vigil.config", "dev.vigil.supervisor"};
    private static final String SUPERVISOR = "dev.vigil.api.Supervisor";

    private final Supplier<BundleContext> context;
    private final long timeoutMillis;
    private final PrintStream log;
    private final Consumer<String> restart;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-core-watch");
        t.setDaemon(true);
        return t;
    });
    private long goneSince;
    private String gone;
    private long wait;
    private long lastRestart;
    /** The core's bundles as the last walk found them all active, and the context they are of; timer only. */
    private List<Bundle> core;
    private BundleContext coreContext;

    CoreWatch(Supplier<BundleContext> context, long timeoutMillis, PrintStream log, Consumer<String> restart) {
        this.context = context;
        this.timeoutMillis = timeoutMillis;
        this.wait = timeoutMillis;
        this.log = log;
        this.restart = restart;
    }

    /** The timeout the daemon's properties ask for, in milliseconds; the default when unset or not a number. */
    static long timeout(BundleContext context) {
        String value = context.getProperty(TIMEOUT_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_TIMEOUT_MS;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_TIMEOUT_MS;
        }
    }

    void open() {
        if (timeoutMillis == 0) {
            log.println("vigil: the core watchdog is off (" + TIMEOUT_PROPERTY + "=0)");
            return;
        }
        long period = Math.max(50, Math.min(500, timeoutMillis / 4));
        timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            long now = System.currentTimeMillis();
            if (lastRestart > 0 && now - lastRestart > STABLE_MS && goneSince == 0) {
                wait = timeoutMillis;
            }
            BundleContext c = context.get();
            String missing = stillActive(c) ? null : look(c);
            if (missing == null) {
                if (goneSince != 0) {
                    log.println("vigil: the core is back (" + gone + " no longer)");
                }
                goneSince = 0;
                return;
            }
            if (goneSince == 0) {
                goneSince = now;
                gone = missing;
                log.println("vigil: watchdog: " + missing + "; the framework is restarted if it stays so for "
                        + wait + " ms");
                return;
            }
            if (now - goneSince >= wait) {
                String reason = missing + " for " + (now - goneSince) + " ms";
                goneSince = 0;
                if (lastRestart > 0 && now - lastRestart < STABLE_MS) {
                    wait = Math.min(MAX_WAIT_MS, wait * 2);
                }
                lastRestart = now;
                restart.accept(reason);
                lastRestart = System.currentTimeMillis();
            }
        } catch (RuntimeException e) {
            log.println("vigil: watchdog: " + e);
        }
    }

    /**
     * Whether the core bundles found whole at the last look are all still active, and the
     * supervisor registered: a few state reads instead of a walk of every bundle, twice a
     * second. A bundle uninstalled (or reinstalled, a new object) is no longer active, and the
     * next look walks them all again.
     */
    private boolean stillActive(BundleContext c) {
        List<Bundle> found = core;
        if (c == null || c != coreContext || found == null) {
            return false;
        }
        for (Bundle b : found) {
            if (b.getState() != Bundle.ACTIVE) {
                return false;
            }
        }
        try {
            return c.getAllServiceReferences(SUPERVISOR, null) != null;
        } catch (org.osgi.framework.InvalidSyntaxException | IllegalStateException e) {
            return false;
        }
    }

    /** What of the core is gone, or null when all of it is there (then remembers the core's bundles). */
    private String look(BundleContext c) {
        List<Bundle> found = new ArrayList<>();
        String missing = missing(c, found);
        core = missing == null ? found : null;
        coreContext = c;
        return missing;
    }

    /** What of the core is gone, or null when all of it is there. */
    static String missing(BundleContext context) {
        return missing(context, new ArrayList<>());
    }

    /** As {@link #missing(BundleContext)}; FOUND gets the active core bundles. */
    private static String missing(BundleContext context, List<Bundle> found) {
        if (context == null) {
            return "the framework is not running";
        }
        try {
            Bundle[] bundles = context.getBundles();
            for (String name : CORE) {
                String state = "not installed";
                for (Bundle b : bundles) {
                    if (name.equals(b.getSymbolicName())) {
                        if (b.getState() == Bundle.ACTIVE) {
                            state = null;
                            found.add(b);
                            break;
                        }
                        state = stateName(b.getState()) + " (bundle " + b.getBundleId() + ")";
                    }
                }
                if (state != null) {
                    return "bundle " + name + " is " + state;
                }
            }
            // Any registration under the name: asked from the launcher's context, the framework would
            // otherwise try to load the interface from the launcher's class path at every poll, and fail.
            return context.getAllServiceReferences(SUPERVISOR, null) == null ? SUPERVISOR + " is not registered" : null;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given: does not happen
        } catch (IllegalStateException e) {
            return "the framework is stopping";
        }
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed, not resolved";
            case Bundle.RESOLVED -> "resolved, not started";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "in state " + state;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
