package dev.vigil.check.jdbc.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC drivers installed in the framework, which {@code DriverManager} cannot see. First the
 * OSGi {@link DataSourceFactory} services (pgjdbc registers one); then the active bundles that
 * declare a driver in {@code META-INF/services/java.sql.Driver} without registering a factory
 * (sqlite-jdbc), their driver class loaded through the bundle itself. No import of ours names a
 * driver, so any driver bundle, also one dropped into {@code deploy/}, is found.
 */
@Component(service = DriverFinder.class)
public final class InstalledDrivers implements DriverFinder {
    private static final Logger LOG = LoggerFactory.getLogger(InstalledDrivers.class);
    private static final String SERVICE_FILE = "META-INF/services/java.sql.Driver";

    private final Map<DataSourceFactory, Lazy> factories = new ConcurrentHashMap<>();
    private volatile BundleTracker<Lazy> bundles;

    @Reference(service = DataSourceFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addFactory(DataSourceFactory factory, ServiceReference<DataSourceFactory> ref) {
        Object name = ref.getProperty(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
        Bundle from = ref.getBundle();
        factories.put(factory, new Lazy("DataSourceFactory " + name, from == null ? -1 : from.getBundleId(),
                () -> List.of(factory.createDriver(null))));
    }

    void removeFactory(DataSourceFactory factory) {
        factories.remove(factory);
    }

    @Activate
    void activate(BundleContext context) {
        BundleTracker<Lazy> tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public Lazy addingBundle(Bundle bundle, BundleEvent event) {
                URL services = bundle.getEntry(SERVICE_FILE);
                if (services == null || bundle.getBundleId() == context.getBundle().getBundleId()) {
                    return null;
                }
                List<String> names = classNames(services);
                LOG.debug("JDBC driver bundle {} {}: {}", bundle.getSymbolicName(), bundle.getVersion(), names);
                return names.isEmpty() ? null
                        : new Lazy("bundle " + bundle.getSymbolicName(), bundle.getBundleId(), () -> load(bundle, names));
            }
        };
        tracker.open();
        bundles = tracker;
    }

    @Deactivate
    void deactivate() {
        bundles.close();
    }

    @Override
    public Driver find(String url) throws SQLException {
        List<Lazy> candidates = new ArrayList<>(factories.values());
        Set<Long> withFactory = candidates.stream().map(c -> c.bundleId).collect(Collectors.toSet());
        BundleTracker<Lazy> tracker = bundles;
        if (tracker != null) {
            // A bundle that registered a factory is asked through it only.
            tracker.getTracked().values().stream().filter(b -> !withFactory.contains(b.bundleId)).forEach(candidates::add);
        }
        for (Lazy candidate : candidates) {
            for (Driver driver : candidate.drivers()) {
                if (driver.acceptsURL(url)) {
                    return driver;
                }
            }
        }
        return null;
    }

    private static List<String> classNames(URL services) {
        List<String> names = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(services.openStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String name = line.replaceFirst("#.*", "").trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", services, e.toString());
        }
        return names;
    }

    private static List<Driver> load(Bundle bundle, List<String> names) {
        List<Driver> drivers = new ArrayList<>();
        for (String name : names) {
            try {
                drivers.add((Driver) bundle.loadClass(name).getConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                LOG.warn("bundle {} declares JDBC driver {} but it cannot be loaded: {}", bundle.getSymbolicName(), name,
                        e.toString());
            }
        }
        return List.copyOf(drivers);
    }

    /** Drivers made on first use, so that a driver nobody checks against is never loaded. */
    private static final class Lazy {
        private final String source;
        private final long bundleId;
        private final DriverSupplier supplier;
        private volatile List<Driver> drivers;

        Lazy(String source, long bundleId, DriverSupplier supplier) {
            this.source = source;
            this.bundleId = bundleId;
            this.supplier = supplier;
        }

        List<Driver> drivers() {
            List<Driver> d = drivers;
            if (d == null) {
                synchronized (this) {
                    d = drivers;
                    if (d == null) {
                        try {
                            d = supplier.get();
                            LOG.info("JDBC drivers from {}: {}", source, d.stream().map(x -> x.getClass().getName()).toList());
                        } catch (SQLException | RuntimeException e) {
                            LOG.warn("no JDBC driver from {}: {}", source, e.toString());
                            d = List.of();
                        }
                        drivers = d;
                    }
                }
            }
            return d;
        }
    }

    /** Makes the drivers of one source. */
    private interface DriverSupplier {
        List<Driver> get() throws SQLException;
    }
}
