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

    private final Layout layout;
    private final Launch launch;
    private final boolean interactive;
    private final PrintStream console;
    private final Map<String, String> extra;
    /** Among the extra properties: bundles of the features to leave out, by name, comma-separated. */
    static final String OMIT_PROPERTY = "vigil.bundles.omit";
    private Framework framework;
    private FileChannel lockChannel;
    private FileLock lock;
    private volatile boolean cleaned;
    private final SystemdLink systemd = SystemdLink.fromEnvironment(System.out);
    private OrderlyStop orderlyStop;
    private DeployGuard deployGuard;
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
        orderlyStop = new OrderlyStop(framework.getBundleContext(), System.out, systemd::stopping);
        framework.getBundleContext().addBundleListener(orderlyStop);
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "vigil-shutdown-hook"));
        BundleContext context = framework.getBundleContext();
        List<Features.Entry> entries = Features.load(layout.features(), layout.bundles(), interactive);
        List<Bundle> toStart = new ArrayList<>();
        int maxLevel = 1;
        java.util.Set<String> omit = java.util.Set.of(extra.getOrDefault(OMIT_PROPERTY, "").split(","));
        for (Features.Entry e : entries) {
            if (omit.contains(e.jar().getFileName().toString().replaceFirst("\\.jar$", ""))) {
                continue;
            }
            Bundle b = context.installBundle(e.jar().toUri().toString());
            b.adapt(BundleStartLevel.class).setStartLevel(e.startLevel());
            maxLevel = Math.max(maxLevel, e.startLevel());
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                toStart.add(b);
            }
        }
        for (Bundle b : toStart) {
            b.start();
        }
        framework.start();
        bindLoggingToLog(context);
        deployGuard = new DeployGuard(context, layout.deploy(), System.out);
        deployGuard.open();
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
        awaitSocket();
        writePid();
        systemd.ready(context);
        return null;
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
        while (framework.waitForStop(1000).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
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
            stopNow();
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
        if (deployGuard != null) {
            deployGuard.close();
        }
        try {
            // Only the daemon that holds the lock owns these files; a refused second one leaves them.
            if (lock != null) {
                Files.deleteIfExists(layout.pidFile());
                Files.deleteIfExists(layout.socket());
                lock.release();
                lockChannel.close();
            }
        } catch (IOException e) {
            console.println("vigil: cleanup: " + e);
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
        p.put(Constants.FRAMEWORK_STORAGE, layout.data().resolve("felix-cache").toString());
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
        // Only whole jars: copy as x.jar.part then rename, and nothing half-written is installed.
        p.put("felix.fileinstall.filter", ".*\\.jar");
        p.put("felix.fileinstall.log.level", "3");
        // FileInstall installs; DeployGuard starts, each bundle on its own thread (an activator
        // that blocks would hang FileInstall's one watcher thread) and reports what fails.
        p.put("felix.fileinstall.bundles.new.start", "false");
        p.put("felix.fileinstall.start.level", "5");
        p.put("gosh.args", interactive ? "" : "--nointeractive");
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
