package dev.vigil.runtime;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Keeps {@code deploy/} from hurting the daemon. FileInstall only installs, updates and
 * uninstalls there (its own watcher thread would hang on an activator that blocks, and it
 * passes over a file it cannot read without a word); this starts each new bundle on a
 * thread of its own with a time limit, and says once, in the log and as a notice in
 * {@code vigil status}, what is wrong with a file: not a jar, not a bundle, cannot resolve,
 * failed or hung in its start. The notices are the {@link #NOTICES} property of a service.
 */
final class DeployGuard implements AutoCloseable {
    /** Service property: the current deploy notices, a String[]; read by the shell's status. */
    static final String NOTICES = "vigil.deploy.notices";
    /** How long a bundle's start may take before it is reported as hung. */
    static final long START_TIMEOUT_MS = 10_000;
    private static final long POLL_MS = 250;
    /** An idle poll still looks at every this many polls: a jar rewritten in place leaves deploy/'s time alone. */
    private static final int FULL_POLL_EVERY = 20;

    private final BundleContext context;
    private final Path deploy;
    private final PrintStream log;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-deploy-guard");
        t.setDaemon(true);
        return t;
    });
    /** Bundles already handed to a starter, by id and last modification: each version is tried once. */
    private final Set<String> tried = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, String> notices = new TreeMap<>();
    private final DeployFiles files;
    private ServiceRegistration<?> registration;
    /** Event order: a bundle is started only after the refresh FileInstall runs after installing it. */
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
    private final Map<Long, long[]> installedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long refreshedAt;
    private int lastActive = -1;
    /** What {@link #fileOf} said of each bundle location at the last poll: the same every poll; poller only. */
    private Map<String, Optional<Path>> filesByLocation = Map.of();
    /** Set by any bundle or framework event and by a new notice: the next poll must look. */
    private volatile boolean changed = true;
    /** deploy/'s modification time at the last poll that looked, in ns; poller only. */
    private long dirStamp = Long.MIN_VALUE;
    /** Whether the last poll left something to come back for (a file not judged, a start to come); poller only. */
    private boolean waiting;
    private int idlePolls;

    DeployGuard(BundleContext context, Path deploy, PrintStream log) {
        this.context = context;
        this.deploy = deploy.toAbsolutePath().normalize();
        this.log = log;
        this.files = new DeployFiles(this.deploy);
    }

    void open() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(NOTICES, new String[0]);
        registration = context.registerService(Object.class.getName(), new Object(), props);
        // Starting a bundle while FileInstall's refresh of it is pending deadlocks the two
        // when its activator blocks: the refresh holds the framework's global lock.
        context.addBundleListener(e -> {
            changed = true;
            if (e.getType() == org.osgi.framework.BundleEvent.INSTALLED
                    || e.getType() == org.osgi.framework.BundleEvent.UPDATED) {
                installedAt.put(e.getBundle().getBundleId(), new long[] {sequence.incrementAndGet(), System.nanoTime()});
            }
        });
        context.addFrameworkListener(e -> {
            changed = true;
            if (e.getType() == org.osgi.framework.FrameworkEvent.PACKAGES_REFRESHED) {
                refreshedAt = sequence.incrementAndGet();
            }
        });
        timer.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            if ((context.getBundle(0).getState() & Bundle.ACTIVE) == 0) {
                return;
            }
            long stamp = deployTime();
            // A change in the same clock tick as the last look leaves the time as it was: look while it is recent.
            boolean recent = System.currentTimeMillis() - stamp / 1_000_000 < 2_000;
            if (!changed && !waiting && !recent && stamp == dirStamp && ++idlePolls < FULL_POLL_EVERY) {
                return; // nothing happened that this poll could see: skip the listing and the bundle walk
            }
            changed = false;
            idlePolls = 0;
            dirStamp = stamp;
            waiting = false;
            Map<Path, Bundle> installed = new HashMap<>();
            Map<String, Optional<Path>> known = new HashMap<>();
            int active = 0;
            for (Bundle b : context.getBundles()) {
                String location = b.getLocation();
                Optional<Path> file = filesByLocation.get(location);
                if (file == null) {
                    file = Optional.ofNullable(fileOf(location));
                }
                known.put(location, file);
                if (file.isPresent()) {
                    installed.put(file.get(), b);
                    active += b.getState() == Bundle.ACTIVE ? 1 : 0;
                }
            }
            filesByLocation = known;
            if (active != lastActive) {
                // Something new may now satisfy a bundle that could not resolve: try those again.
                lastActive = active;
                tried.removeIf(k -> k.endsWith(":failed"));
            }
            installed.forEach(this::startIfNew);
            files.problems(installed.keySet(), context.getBundles()).forEach((file, problem) -> report(file, problem));
            synchronized (this) {
                notices.keySet().removeIf(f -> !java.nio.file.Files.exists(deploy.resolve(f)));
            }
            publish();
            waiting |= files.waiting();
        } catch (RuntimeException e) {
            changed = true;
            log.println("vigil: deploy: " + e);
        }
    }

    private void startIfNew(Path file, Bundle b) {
        if ((b.getState() & (Bundle.INSTALLED | Bundle.RESOLVED)) == 0 || isFragment(b)) {
            return;
        }
        String key = b.getBundleId() + "@" + b.getLastModified();
        if (tried.contains(key) || tried.contains(key + ":failed")) {
            return;
        }
        long[] installed = installedAt.get(b.getBundleId());
        if (installed != null && refreshedAt < installed[0] && System.nanoTime() - installed[1] < 2_000_000_000L) {
            waiting = true;
            return; // its refresh is still to come
        }
        tried.add(key);
        String name = file.getFileName().toString();
        Thread starter = new Thread(() -> {
            try {
                b.start();
                resolved(name, b);
            } catch (BundleException | IllegalStateException e) {
                tried.add(key + ":failed");
                tried.remove(key);
                report(name, "cannot be started: " + reason(e) + "; fix or remove the jar");
            }
        }, "vigil-deploy-start " + name);
        starter.setDaemon(true);
        starter.start();
        timer.schedule(() -> {
            if (starter.isAlive()) {
                report(name, "its start has not returned after " + START_TIMEOUT_MS / 1000 + " s (its activator"
                        + " blocks); it stays STARTING while the rest of deploy/ goes on; remove the jar and restart Vigil");
            }
        }, START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized void resolved(String name, Bundle b) {
        changed = true;
        if (notices.remove(name) != null) {
            log.println("vigil: deploy: " + name + " is now started (" + b.getSymbolicName() + ")");
        }
    }

    private synchronized void report(String name, String problem) {
        if (!problem.equals(notices.get(name))) {
            changed = true;
            notices.put(name, problem);
            log.println("vigil: deploy: " + deploy.resolve(name) + ": " + problem);
        }
    }

    /** A notice about a file of deploy/ from elsewhere (the hot upgrade); null takes it back. */
    synchronized void notice(String name, String problem) {
        changed = true;
        if (problem == null) {
            notices.remove(name);
        } else {
            report(name, problem);
        }
    }

    private synchronized void publish() {
        String[] now = notices.entrySet().stream().map(e -> "deploy/" + e.getKey() + ": " + e.getValue())
                .toArray(String[]::new);
        if (!java.util.Arrays.equals(now, (String[]) registration.getReference().getProperty(NOTICES))) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(NOTICES, now);
            registration.setProperties(props);
        }
    }

    private long deployTime() {
        try {
            return java.nio.file.Files.getLastModifiedTime(deploy).to(TimeUnit.NANOSECONDS);
        } catch (java.io.IOException e) {
            return Long.MIN_VALUE + 1; // gone or unreadable: the full poll says so
        }
    }

    /** The file in deploy/ a bundle was installed from (by its location), or null for any other bundle. */
    private Path fileOf(String location) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            Path p = Path.of(URI.create(location)).toAbsolutePath().normalize();
            return deploy.equals(p.getParent()) ? p : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return root == e ? m : m + " (" + root + ")";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
