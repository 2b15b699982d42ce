package dev.vigil.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The daemon: an embedded Felix framework with the bundles of the features, running
 * until it is stopped (SIGTERM, SIGINT, {@code vigil stop}). It holds {@code data/vigil.lock}
 * for its whole life, so two daemons never share an installation, and writes
 * {@code data/vigil.pid} once it is ready.
 */
final class Daemon {
    /** How long the bundles get to come up before the start counts as failed. */
    static final long READY_TIMEOUT_MS = 60_000;
    private static final String READY_FILTER = "(|(vigil.ready=true)(vigil.config.error=*))";
    private static final String HTTP_BUNDLE = "dev.vigil.http";
    /** The HTTP bundle's mark that its first config was carried out (HttpEndpoint.SETTLED). */
    private static final String HTTP_SETTLED = "vigil.http.settled";
    /** Longer than the 20 s the HTTP bundle gives Jetty. */
    private static final long HTTP_TIMEOUT_MS = 25_000;

    private final Layout layout;
    private final Launch launch;
    private final boolean interactive;
    private final PrintStream console;
    private final Map<String, String> extra;
    /** Among the extra properties: bundles of the features to leave out, by name, comma-separated. */
    static final String OMIT_PROPERTY = "vigil.bundles.omit";
    /** What FileInstall reads from deploy/: bundles, and configurations for ConfigAdmin. */
    static final String DEPLOY_FILTER = ".*\\.(jar|cfg|config)";
    /**
     * Shipped bundles are installed by reference: Felix reads them where they lie instead of
     * copying some 24 MB into the bundle cache, which every start cleans (a faster start).
     */
    static final String SHIPPED = "reference:";
    private Framework framework;
    private FileChannel lockChannel;
    private FileLock lock;
    private volatile boolean cleaned;
    private BundleCache bundleCache;
    private final SystemdLink systemd = SystemdLink.fromEnvironment(System.out);
    private volatile OrderlyStop orderlyStop;
    private DeployGuard deployGuard;
    /** The hot upgrade of Vigil's own bundles from deploy/; kept through a restart of the framework. */
    private VigilUpgrades upgrades;
    private LogBridge logBridge;
    private CoreWatch coreWatch;
    /** The feature bundles by location, with their start levels: what every boot makes sure of. */
    private final Map<String, Integer> features = new java.util.LinkedHashMap<>();
    private int maxLevel = 1;
    /** Held through a restart of the framework; a stop waits for it. */
    private final Object restartLock = new Object();
    private volatile boolean restarting;
    /**
     * System property, "true" while the framework stops for a restart ({@link #restart}): the
     * services are to be left running, for the supervisor of the restarted framework to adopt.
     */
    static final String RESTARTING_PROPERTY = "vigil.restarting";
    private final java.util.concurrent.atomic.AtomicBoolean stopBegun = new java.util.concurrent.atomic.AtomicBoolean();
    private final CountDownLatch stopDone = new CountDownLatch(1);

    Daemon(Layout layout, Launch launch, boolean interactive, PrintStream console) {
        this(layout, launch, interactive, console, Map.of());
    }

    /**
     * @param extra more framework properties, over the daemon's own: in-framework tests export
     *              the api from their own class path this way, so that they use its services typed
     */
    Daemon(Layout layout, Launch launch, boolean interactive, PrintStream console, Map<String, String> extra) {
        this.extra = Map.copyOf(extra);
        this.layout = layout;
        this.launch = launch;
        this.interactive = interactive;
        this.console = console;
    }

    /** Boots the framework and waits until it is ready; returns an error message, or null when ready. */
    String start() throws IOException, BundleException, InterruptedException {
        layout.prepare();
        String held = acquireLock();
        if (held != null) {
            return held;
        }
        Map<String, String> props = frameworkProperties();
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (lib/)"));
        framework = factory.newFramework(props);
        framework.init();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "vigil-shutdown-hook"));
        java.util.Set<String> omit = java.util.Set.of(extra.getOrDefault(OMIT_PROPERTY, "").split(","));
        for (Features.Entry e : Features.load(layout.features(), layout.bundles(), interactive)) {
            if (!omit.contains(e.jar().getFileName().toString().replaceFirst("\\.jar$", ""))) {
                features.put(SHIPPED + e.jar().toUri(), e.startLevel());
                maxLevel = Math.max(maxLevel, e.startLevel());
            }
        }
        String problem = boot();
        if (problem != null) {
            return problem;
        }
        writePid();
        systemd.ready(this::liveContext);
        coreWatch = new CoreWatch(this::liveContext, CoreWatch.timeout(framework.getBundleContext()), System.out,
                this::restart);
        coreWatch.open();
        return null;
    }

    /**
     * Brings the initialised framework up: every feature bundle installed (again, if it was
     * uninstalled) and started, then every start level, until the supervisor is ready and the
     * shell listens. Returns what went wrong, or null.
     */
    private String boot() throws BundleException, InterruptedException {
        BundleContext context = framework.getBundleContext();
        orderlyStop = new OrderlyStop(context, System.out, systemd::stopping);
        context.addBundleListener(orderlyStop);
        context.registerService(org.osgi.framework.hooks.bundle.FindHook.class, new BaseStackHook(features.keySet()), null);
        for (Map.Entry<String, Integer> e : features.entrySet()) {
            Bundle b = context.getBundle(e.getKey());
            if (b == null) { // or put back by hand from the same jar, by its file: location
                b = context.getBundle(e.getKey().substring(SHIPPED.length()));
            }
            if (b == null) {
                b = context.installBundle(e.getKey());
                b.adapt(BundleStartLevel.class).setStartLevel(e.getValue());
            }
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        framework.start();
        bindLoggingToLog(context);
        logBridge = new LogBridge(context, System.out);
        logBridge.open();
        deployGuard = new DeployGuard(context, layout.deploy(), System.out);
        deployGuard.open();
        if (upgrades == null) {
            upgrades = new VigilUpgrades(layout.deploy(), features.keySet(), System.out);
        }
        // Before FileInstall starts (start level 5): a jar already in deploy/ is an upgrade from its first scan.
        DeployGuard guard = deployGuard;
        upgrades.open(context, guard::notice);
        // The shell's 'shutdown' runs this, so that the stop is the launcher's, bounded.
        java.util.Hashtable<String, Object> stopProps = new java.util.Hashtable<>();
        stopProps.put("vigil.shutdown", "true");
        context.registerService(Runnable.class, () -> {
            Thread t = new Thread(this::shutdown, "vigil-shutdown");
            t.start();
        }, stopProps);
        // Start levels change asynchronously; ready means every level is up.
        CountDownLatch levels = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(maxLevel, event -> levels.countDown());
        if (!levels.await(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            return "start level " + maxLevel + " not reached after " + READY_TIMEOUT_MS / 1000 + " s";
        }
        String problem = awaitReady(context);
        if (problem != null) {
            return problem;
        }
        awaitHttp(context);
        awaitSocket();
        return null;
    }

    /** The context of the framework as it runs now (it changes with a restart), or null between two. */
    private BundleContext liveContext() {
        Framework f = framework;
        return f == null ? null : f.getBundleContext();
    }

    /**
     * Restarts the framework in this JVM, for {@link CoreWatch}: the services keep running and
     * the restarted supervisor adopts them. The bundles are stopped by lowering the start level
     * first, while the system bundle is still active, so that no bundle takes this for the
     * daemon's stop; {@link #RESTARTING_PROPERTY} says so as well. Does nothing once a stop began.
     */
    void restart(String reason) {
        synchronized (restartLock) {
            if (stopBegun.get() || framework.getState() != Bundle.ACTIVE || orderlyStop.begun()) {
                return; // the daemon stops: nothing to restart
            }
            restarting = true;
            try {
                System.out.println("vigil: restarting the framework: " + reason
                        + "; the services keep running, to be adopted");
                System.setProperty(RESTARTING_PROPERTY, "true");
                orderlyStop.forRestart();
                deployGuard.close();
                logBridge.close();
                CountDownLatch down = new CountDownLatch(1);
                framework.adapt(FrameworkStartLevel.class).setStartLevel(1, event -> down.countDown());
                if (!down.await(OrderlyStop.FRAMEWORK_STOP_MS, TimeUnit.MILLISECONDS)) {
                    System.out.println("vigil: the bundles did not stop within " + OrderlyStop.FRAMEWORK_STOP_MS / 1000
                            + " s; stopping the framework anyway");
                }
                framework.stop();
                if (framework.waitForStop(OrderlyStop.FRAMEWORK_STOP_MS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    // A framework that cannot stop cannot be restarted in this JVM: leave, and let
                    // systemd (Restart=on-failure) or 'vigil start' start a daemon that adopts the services.
                    System.out.println("vigil: the framework did not stop within " + OrderlyStop.FRAMEWORK_STOP_MS / 1000
                            + " s for its restart; exiting, the services keep running for the next daemon to adopt");
                    Runtime.getRuntime().halt(1);
                }
                System.clearProperty(RESTARTING_PROPERTY);
                framework.init();
                String problem = boot();
                System.out.println(problem == null ? "vigil: the framework is restarted"
                        : "vigil: the framework restarted, but " + problem);
            } catch (BundleException | InterruptedException | RuntimeException e) {
                System.out.println("vigil: restarting the framework failed: " + e);
            } finally {
                System.clearProperty(RESTARTING_PROPERTY);
                restarting = false;
                restartLock.notifyAll();
            }
        }
    }

    /** The running framework's context, for in-process tests. */
    BundleContext context() {
        return framework.getBundleContext();
    }

    /**
     * Blocks until the framework stops, then cleans up. Once a stop began, it returns within
     * its bounds ({@link OrderlyStop}) even if a bundle hangs in its stop.
     */
    void awaitStop() throws InterruptedException {
        while (true) {
            int type = framework.waitForStop(1000).getType();
            if (restarting) {
                synchronized (restartLock) {
                    while (restarting) {
                        restartLock.wait(1000);
                    }
                }
                continue;
            }
            if (type != FrameworkEvent.WAIT_TIMEDOUT) {
                break;
            }
            if (orderlyStop.servicesDone()) {
                orderlyStop.await(framework);
                break;
            }
        }
        cleanup();
    }

    /** Stops every service and the framework, within bounds; safe to call more than once, from any thread. */
    void shutdown() {
        if (!stopBegun.compareAndSet(false, true)) {
            // Another thread stops (the shell's request, then SIGTERM): wait for it, bounded.
            try {
                stopDone.await(OrderlyStop.SERVICES_STOP_MS + OrderlyStop.FRAMEWORK_STOP_MS + 10_000,
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            synchronized (restartLock) {
                // A restart under way finishes first; the framework it leaves is then stopped.
                stopNow();
            }
        } finally {
            stopDone.countDown();
        }
    }

    private void stopNow() {
        Framework f = framework;
        if (f != null && (f.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
            try {
                orderlyStop.stopServicesOnce();
                f.stop();
                orderlyStop.await(f);
            } catch (BundleException | InterruptedException e) {
                console.println("vigil: error while stopping: " + e);
            }
        }
        systemd.close();
        cleanup();
    }

    private synchronized void cleanup() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        if (coreWatch != null) {
            coreWatch.close();
        }
        if (deployGuard != null) {
            deployGuard.close();
        }
        if (logBridge != null) {
            logBridge.close();
        }
        try {
            // Only the daemon that holds the lock owns these files; a refused second one leaves them.
            if (lock != null) {
                releaseBundleCache();
                Files.deleteIfExists(layout.pidFile());
                Files.deleteIfExists(layout.socket());
                lock.release();
                lockChannel.close();
            }
        } catch (IOException e) {
            console.println("vigil: cleanup: " + e);
        }
    }

    private void releaseBundleCache() {
        try {
            if (bundleCache != null) {
                bundleCache.release();
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            console.println("vigil: cleanup: the bundle cache " + bundleCache.dir() + " is left: " + e);
        }
    }

    /**
     * Creates the first logger while only start level 1 runs, so that slf4j-simple binds to
     * the daemon's log stream before Gogo (level 2) replaces System.err with its per-thread
     * stream; otherwise lines logged during a shell command would go to that command's client.
     */
    private static void bindLoggingToLog(BundleContext context) {
        for (Bundle b : context.getBundles()) {
            if ("slf4j.api".equals(b.getSymbolicName())) {
                try {
                    b.loadClass("org.slf4j.LoggerFactory").getMethod("getLogger", String.class)
                            .invoke(null, "dev.vigil.runtime");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot set up logging through " + b, e);
                }
            }
        }
    }

    private String acquireLock() throws IOException, InterruptedException {
        lockChannel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        // A client looking for stale files takes the lock for an instant: try again briefly.
        for (int i = 0; lock == null && i < 20 && DaemonLock.holder(layout.lockFile()).isEmpty(); i++) {
            Thread.sleep(50);
            lock = lockChannel.tryLock();
        }
        if (lock == null) {
            lockChannel.close();
            String pid = readPid();
            return "Vigil is already running in " + layout.home() + (pid == null ? "" : " (pid " + pid + ")")
                    + "; stop it first with 'vigil stop'";
        }
        return null;
    }

    private String readPid() {
        try {
            return Files.readString(layout.pidFile()).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private Map<String, String> frameworkProperties() {
        Map<String, String> p = new HashMap<>();
        if (bundleCache == null) {
            bundleCache = BundleCache.choose(layout, console);
        }
        p.put(Constants.FRAMEWORK_STORAGE, bundleCache.dir().toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put("vigil.home", layout.home().toString());
        p.put("vigil.config", launch.config().toString());
        if (launch.profile() != null) {
            p.put("vigil.profile", launch.profile());
        }
        p.put("vigil.data", layout.data().toString());
        p.put("vigil.logs", layout.logs().toString());
        p.put("vigil.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        p.put("felix.fileinstall.dir", layout.deploy().toString());
        // FileInstall polls; 250 ms keeps "dropped in, running within a second".
        p.put("felix.fileinstall.poll", "250");
        p.put("felix.fileinstall.noInitialDelay", "true");
        // Bundles and configurations, whole names only: copy as x.jar.part (or x.cfg.part) then
        // rename, and nothing half-written is read.
        p.put("felix.fileinstall.filter", DEPLOY_FILTER);
        // The refresh policy of deploy/: FileInstall refreshes only what it installed there.
        // Its default ("all") refreshes every bundle with an optional import a new jar exports,
        // even one already wired: SCR, EventAdmin and FileInstall itself, which restarts every
        // component and can deadlock FileInstall's stop against its own refresh.
        p.put("felix.fileinstall.optionalImportRefreshScope", "managed");
        p.put("felix.fileinstall.fragmentRefreshScope", "managed");
        // deploy/ is read, never written: a configuration changed in ConfigAdmin is not saved back.
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.log.level", "3");
        // The OSGi log keeps INFO (FileInstall's "Installing bundle ...", which LogBridge copies); its default is WARN.
        p.put("org.osgi.service.log.admin.loglevel", "INFO");
        // FileInstall installs; DeployGuard starts, each bundle on its own thread (an activator
        // that blocks would hang FileInstall's one watcher thread) and reports what fails.
        p.put("felix.fileinstall.bundles.new.start", "false");
        p.put("felix.fileinstall.start.level", "5");
        // Felix HTTP's Jetty listens on 0.0.0.0:8080 unless told otherwise: it stays off until
        // the HTTP bundle has leased system.http's port and configured the address through ConfigAdmin.
        p.put("org.apache.felix.http.enable", "false");
        p.put("org.apache.felix.https.enable", "false");
        // EventAdmin starts its whole pool at once: 20 delivery and 10 async threads by default,
        // about 30 stacks for a few events a second (bench/footprint.sh); 4 (and 2 async) keep up.
        p.put("org.apache.felix.eventadmin.ThreadPoolSize", "4");
        p.putAll(extra);
        return p;
    }

    private String awaitReady(BundleContext context) throws InterruptedException {
        Filter filter;
        try {
            filter = context.createFilter(READY_FILTER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, filter, null);
        tracker.open(true);
        try {
            long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
            while (System.currentTimeMillis() < deadline) {
                tracker.waitForService(200);
                ServiceReference<Object>[] refs = tracker.getServiceReferences();
                if (refs != null) {
                    for (ServiceReference<Object> ref : refs) {
                        Object error = ref.getProperty("vigil.config.error");
                        if (error != null) {
                            return "config unusable:\n" + error;
                        }
                    }
                    return null;
                }
            }
            return "not ready after " + READY_TIMEOUT_MS / 1000 + " s; bundles not active: " + inactiveBundles(context)
                    + " (see " + layout.logs().resolve("vigil.log") + ")";
        } finally {
            tracker.close();
        }
    }

    /**
     * When the HTTP bundle runs, waits until it carried out the first config (serving, switched
     * off, or not served with a notice), so that ready means {@code /health} answers. Felix HTTP
     * starts Jetty on ConfigAdmin's thread, after everything else is up.
     */
    private void awaitHttp(BundleContext context) throws InterruptedException {
        boolean present = false;
        for (Bundle b : context.getBundles()) {
            present |= HTTP_BUNDLE.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE;
        }
        if (!present) {
            return;
        }
        ServiceTracker<Object, Object> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter("(" + HTTP_SETTLED + "=*)"), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open(true);
        try {
            if (tracker.waitForService(HTTP_TIMEOUT_MS) == null) {
                System.out.println("HTTP endpoint not settled after " + HTTP_TIMEOUT_MS / 1000
                        + " s; ready without it (see " + layout.logs().resolve("vigil.log") + ")");
            }
        } finally {
            tracker.close();
        }
    }

    private static String inactiveBundles(BundleContext context) {
        List<String> names = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                names.add(b.getSymbolicName());
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private void awaitSocket() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Files.exists(layout.socket()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    private void writePid() throws IOException {
        Path tmp = layout.pidFile().resolveSibling("vigil.pid.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.US_ASCII.encode(ProcessHandle.current().pid() + "\n"));
            ch.force(true);
        }
        Files.move(tmp, layout.pidFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
