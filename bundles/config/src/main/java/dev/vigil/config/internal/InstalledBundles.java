package dev.vigil.config.internal;

import dev.vigil.api.alert.AlertSink;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.recovery.RecoveryStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * What the bundles installed in the daemon provide, read from their component descriptions
 * whether or not they are started yet (at start-up the check bundles may start after this
 * one), plus the check types and strategies registered by other means. Hot-deployed bundles
 * count from when FileInstall has installed them.
 */
final class InstalledBundles {
    private record Described(long lastModified, List<ComponentDescriptions.Component> components) {
    }

    private final BundleContext context;
    private final Map<Long, Described> cache = new ConcurrentHashMap<>();

    InstalledBundles(BundleContext context) {
        this.context = context;
    }

    /** What is installed now. */
    Installed now() {
        Bundle[] bundles = context.getBundles();
        if (bundles == null) {
            return Installed.SHIPPED;
        }
        ComponentDescriptions.Found found = new ComponentDescriptions.Found();
        for (Bundle b : bundles) {
            if (b.getState() != Bundle.UNINSTALLED && b.getHeaders().get(ComponentDescriptions.HEADER) != null) {
                found.add(components(b), b::loadClass);
            }
        }
        found.checkTypes.addAll(registered(CheckType.class, CheckType.TYPE_PROPERTY));
        found.strategies.addAll(registered(RecoveryStrategy.class, RecoveryStrategy.NAME_PROPERTY));
        found.sinkTypes.addAll(registered(AlertSink.class, AlertSink.TYPE_PROPERTY));
        return new Installed("is installed", "installed", found.checkTypes, found.validators, found.strategies,
                found.sinkTypes);
    }

    private List<ComponentDescriptions.Component> components(Bundle b) {
        Described d = cache.get(b.getBundleId());
        if (d == null || d.lastModified() != b.getLastModified()) {
            d = new Described(b.getLastModified(), read(b));
            cache.put(b.getBundleId(), d);
        }
        return d.components();
    }

    private static List<ComponentDescriptions.Component> read(Bundle b) {
        List<ComponentDescriptions.Component> out = new ArrayList<>();
        for (String path : ComponentDescriptions.paths(b.getHeaders().get(ComponentDescriptions.HEADER))) {
            // A plain path is read from the bundle's own jar, which needs no resolving: at start
            // every bundle would otherwise be resolved here, before the supervisor has launched.
            URL plain = path.contains("*") ? null : b.getEntry(path);
            if (plain != null) {
                parse(plain, out);
                continue;
            }
            int slash = path.lastIndexOf('/');
            Enumeration<URL> entries = b.findEntries(slash < 0 ? "/" : path.substring(0, slash),
                    path.substring(slash + 1), false);
            while (entries != null && entries.hasMoreElements()) {
                parse(entries.nextElement(), out);
            }
        }
        return out;
    }

    private static void parse(URL description, List<ComponentDescriptions.Component> into) {
        try (InputStream in = description.openStream()) {
            into.addAll(ComponentDescriptions.parse(in));
        } catch (IOException e) {
            // Unreadable: SCR cannot read it either, so it provides nothing.
        }
    }

    private List<String> registered(Class<?> type, String property) {
        List<String> names = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(type.getName(), null);
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    if (r.getProperty(property) instanceof String name) {
                        names.add(name);
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("no filter was given", e);
        }
        return names;
    }
}
