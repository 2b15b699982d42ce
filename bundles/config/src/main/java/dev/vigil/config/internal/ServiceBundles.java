package dev.vigil.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTracker;

/**
 * The extender side of service bundles: a bundle whose manifest has
 * {@code Vigil-Services: path/in/jar.json} carries service definitions in the config
 * format. While the bundle is active its services are part of the running config; when it
 * stops or is uninstalled they are removed (and so stopped).
 */
final class ServiceBundles {
    /** The manifest header naming the JSON resource. */
    static final String HEADER = "Vigil-Services";

    /** What one bundle carries: its JSON, or why it could not be read. */
    record Carried(long bundleId, String name, String resource, byte[] json, String readError) {
        String origin() {
            return "bundle:" + name;
        }
    }

    private final Map<Long, Carried> carried = new ConcurrentHashMap<>();
    private final BundleTracker<Carried> tracker;

    ServiceBundles(BundleContext context, Runnable onChange) {
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public Carried addingBundle(Bundle bundle, BundleEvent event) {
                String resource = bundle.getHeaders().get(HEADER);
                if (resource == null) {
                    return null;
                }
                Carried c = read(bundle, resource.trim());
                carried.put(bundle.getBundleId(), c);
                onChange.run();
                return c;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, Carried c) {
                carried.remove(bundle.getBundleId());
                onChange.run();
            }
        };
    }

    void open() {
        tracker.open();
    }

    void close() {
        tracker.close();
    }

    /** What the active service bundles carry, in installation order. */
    List<Carried> current() {
        List<Carried> all = new ArrayList<>(carried.values());
        all.sort(Comparator.comparingLong(Carried::bundleId));
        return all;
    }

    private static Carried read(Bundle bundle, String resource) {
        String name = bundle.getSymbolicName() + "/" + bundle.getVersion();
        URL url = bundle.getEntry(resource);
        if (url == null) {
            return new Carried(bundle.getBundleId(), name, resource, null,
                    HEADER + " names " + resource + ", which is not in the bundle");
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readNBytes((int) ConfigReader.MAX_BYTES + 1);
            return new Carried(bundle.getBundleId(), name, resource, bytes, null);
        } catch (IOException e) {
            return new Carried(bundle.getBundleId(), name, resource, null, "cannot read " + resource + ": " + e);
        }
    }
}
