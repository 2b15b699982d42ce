package dev.vigil.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.jar.JarFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;

/**
 * The hot upgrade: a jar of {@code deploy/} whose symbolic name is one of Vigil's own bundles
 * shipped in {@code bundles/} (dev.vigil.*) updates that bundle in place, whatever its version
 * (newer, older or a rebuild of the same: the operator asked for it), instead of being
 * installed beside it as a second supervisor or monitor. Removing the jar updates the bundle
 * back from its shipped jar. It is a FileInstall {@code ArtifactInstaller}, a proxy on the
 * interface loaded from the FileInstall bundle, registered by the launcher with the system
 * bundle's context; FileInstall asks its installers before its own handling of jars. A new
 * build that cannot start is replaced by the shipped jar again, with a notice. The bundle is
 * updated, not refreshed: only it restarts, and the supervisor adopts the running services.
 */
final class VigilUpgrades implements InvocationHandler {
    private static final String INSTALLER = "org.apache.felix.fileinstall.ArtifactInstaller";
    private static final long UPDATE_TIMEOUT_MS = 60_000;

    private final Path deploy;
    private final Set<String> shipped;
    private final PrintStream log;
    /** Each jar of deploy/ applied, to the location of the bundle it replaces. */
    private final Map<Path, String> applied = new ConcurrentHashMap<>();
    /** Each jar applied, its size and time then, and the bundle's last modification after: a jar is applied once. */
    private final Map<Path, String> stamps = new ConcurrentHashMap<>();
    private volatile BundleContext context;
    private volatile BiConsumer<String, String> notices = (f, p) -> { };
    private final ExecutorService updater = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-upgrade");
        t.setDaemon(true);
        return t;
    });

    VigilUpgrades(Path deploy, Set<String> shippedLocations, PrintStream log) {
        this.deploy = deploy.toAbsolutePath().normalize();
        this.shipped = Set.copyOf(shippedLocations);
        this.log = log;
    }

    /**
     * Registers the installer in the (re)started framework, before FileInstall starts, and puts
     * back the shipped bundles whose jar left deploy/ while the framework was down.
     */
    ServiceRegistration<?> open(BundleContext context, BiConsumer<String, String> notices) {
        this.context = context;
        this.notices = notices;
        Bundle fileInstall = null;
        for (Bundle b : context.getBundles()) {
            if ("org.apache.felix.fileinstall".equals(b.getSymbolicName())) {
                fileInstall = b;
            }
        }
        if (fileInstall == null) {
            return null; // no deploy feature
        }
        Class<?> type;
        try {
            type = fileInstall.loadClass(INSTALLER);
        } catch (ClassNotFoundException e) {
            log.println("vigil: deploy: no hot upgrade, " + INSTALLER + " cannot be loaded: " + e);
            return null;
        }
        for (Map.Entry<Path, String> e : applied.entrySet()) {
            if (!Files.exists(e.getKey())) {
                try {
                    revert(e.getKey().toFile());
                } catch (Exception ex) {
                    log.println("vigil: deploy: cannot put back the shipped bundle " + e.getValue() + ": " + ex);
                }
            }
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, 1000);
        props.put(Constants.SERVICE_DESCRIPTION, "Vigil's hot upgrade of its own bundles from deploy/");
        return context.registerService(INSTALLER, proxy, props);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "canHandle":
                return canHandle((File) args[0]);
            case "install":
            case "update":
                apply((File) args[0]);
                return null;
            case "uninstall":
                revert((File) args[0]);
                return null;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "VigilUpgrades";
            default:
                return null;
        }
    }

    /** Whether the file is a jar of deploy/ that names one of Vigil's bundles shipped in bundles/. */
    private boolean canHandle(File file) {
        Path p = file.toPath().toAbsolutePath().normalize();
        return p.getFileName().toString().endsWith(".jar") && deploy.equals(p.getParent()) && target(p) != null;
    }

    /** The shipped Vigil bundle the jar names, or null. */
    Bundle target(Path jar) {
        String name = symbolicName(jar);
        BundleContext c = context;
        if (name == null || c == null) {
            return null;
        }
        for (Bundle b : c.getBundles()) {
            if (name.equals(b.getSymbolicName()) && BaseStackHook.isVigil(b) && shipped.contains(b.getLocation())) {
                return b;
            }
        }
        return null;
    }

    static String symbolicName(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            String sn = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return sn == null ? null : sn.split(";")[0].trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Version version(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            String v = j.getManifest().getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            return v == null ? Version.emptyVersion : Version.parseVersion(v.trim());
        }
    }

    private static String stamp(Path p) throws IOException {
        return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
    }

    private void apply(File file) throws Exception {
        Path jar = file.toPath().toAbsolutePath().normalize();
        String name = jar.getFileName().toString();
        Bundle b = target(jar);
        if (b == null) {
            return;
        }
        String stamp = stamp(jar);
        if ((stamp + "/" + b.getLastModified()).equals(stamps.get(jar)) && b.getLocation().equals(applied.get(jar))) {
            return; // applied already (FileInstall or the framework restarted)
        }
        Path shippedJar = shippedJar(b.getLocation());
        if (!applied.containsValue(b.getLocation()) && Files.exists(shippedJar) && Files.mismatch(jar, shippedJar) == -1) {
            applied.put(jar, b.getLocation());
            stamps.put(jar, stamp + "/" + b.getLastModified());
            log.println("vigil: deploy: " + name + " is the shipped " + b.getSymbolicName() + " " + b.getVersion()
                    + "; nothing to change");
            return;
        }
        Version from = b.getVersion();
        Version to = version(jar);
        String what = to.compareTo(from) > 0 ? "upgrading" : to.compareTo(from) < 0 ? "downgrading" : "replacing";
        log.println("vigil: deploy: " + name + ": " + what + " " + b.getSymbolicName() + " " + from + " to " + to
                + " in place");
        applied.put(jar, b.getLocation());
        try {
            update(b, jar);
            stamps.put(jar, stamp + "/" + b.getLastModified());
            notices.accept(name, null);
            log.println("vigil: deploy: " + b.getSymbolicName() + " is now " + b.getVersion() + " (from deploy/" + name + ")");
        } catch (Exception e) {
            stamps.put(jar, stamp + "/" + b.getLastModified());
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            try {
                update(b, shippedJar);
                notices.accept(name, "cannot replace " + b.getSymbolicName() + " " + from + " (" + reason
                        + "); the shipped " + b.getVersion() + " runs again; fix or remove the jar");
            } catch (Exception again) {
                notices.accept(name, "cannot replace " + b.getSymbolicName() + " " + from + " (" + reason
                        + "), and the shipped jar could not be put back either (" + again.getMessage()
                        + "); remove the jar and restart Vigil");
            }
        }
    }

    private void revert(File file) throws Exception {
        Path jar = file.toPath().toAbsolutePath().normalize();
        String location = applied.remove(jar);
        stamps.remove(jar);
        BundleContext c = context;
        if (location == null || c == null) {
            return;
        }
        Bundle b = c.getBundle(location);
        if (b == null) {
            return;
        }
        for (Map.Entry<Path, String> other : applied.entrySet()) {
            if (location.equals(other.getValue()) && Files.exists(other.getKey())) {
                stamps.remove(other.getKey());
                apply(other.getKey().toFile()); // another jar of deploy/ replaces the same bundle: it takes over
                return;
            }
        }
        Path shippedJar = shippedJar(location);
        Version from = b.getVersion();
        update(b, shippedJar);
        log.println("vigil: deploy: " + jar.getFileName() + " removed: " + b.getSymbolicName() + " " + from
                + " replaced by the shipped " + b.getVersion());
    }

    /** The jar in bundles/ a shipped bundle was installed from ({@link Daemon#SHIPPED}). */
    private static Path shippedJar(String location) {
        return Path.of(URI.create(location.startsWith(Daemon.SHIPPED) ? location.substring(Daemon.SHIPPED.length())
                : location));
    }

    /** Updates the bundle from the jar on a thread of its own, bounded: a start that hangs does not hang FileInstall. */
    private void update(Bundle b, Path jar) throws Exception {
        Future<?> done = updater.submit(() -> {
            boolean wasActive = (b.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0;
            try (InputStream in = Files.newInputStream(jar)) {
                b.update(in);
            }
            // The framework starts an updated bundle again, but reports a failed start only as an event.
            if (wasActive && b.getState() != Bundle.ACTIVE) {
                throw new BundleException("it did not start (state " + b.getState() + "); see logs/vigil.log");
            }
            return null;
        });
        try {
            done.get(UPDATE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BundleException be) {
                throw be;
            }
            throw new BundleException(String.valueOf(cause), cause);
        } catch (TimeoutException e) {
            throw new BundleException("its update has not returned after " + UPDATE_TIMEOUT_MS / 1000 + " s");
        }
    }
}
