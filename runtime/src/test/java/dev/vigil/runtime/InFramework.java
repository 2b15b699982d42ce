package dev.vigil.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A real Felix booted in this JVM by the launcher, with the distribution's bundles and a
 * config of the test's, whose api packages are the test's own (the system bundle exports
 * them from the class path, in place of the vigil-api bundle), so that a test looks services
 * up typed and calls them as any bundle would.
 */
final class InFramework implements AutoCloseable {
    /** The api packages at the version the bundles import. */
    static final String API = String.join(",", "dev.vigil.api;version=0.3.0", "dev.vigil.api.port;version=0.2.0",
            "dev.vigil.api.check;version=0.3.0", "dev.vigil.api.recovery;version=0.2.0",
            "dev.vigil.api.journal;version=0.2.0",
            // Services that are also event handlers are visible to the test only when it sees the same EventHandler.
            "org.osgi.service.event;version=1.4.1");

    final Dist dist;
    final Daemon daemon;
    final BundleContext context;

    private InFramework(Dist dist, Daemon daemon) {
        this.dist = dist;
        this.daemon = daemon;
        this.context = daemon.context();
    }

    static InFramework boot(Path tmp, String configJson) throws Exception {
        Dist dist = new Dist(tmp);
        Path config = dist.writeConfig("test.json", configJson);
        Daemon daemon = new Daemon(new Layout(dist.home), new Launch(config, null), false, System.err,
                Map.of("org.osgi.framework.system.packages.extra", API, Daemon.OMIT_PROPERTY, "vigil-api"));
        String problem = daemon.start();
        if (problem != null) {
            daemon.shutdown();
            throw new AssertionError("the daemon did not become ready: " + problem);
        }
        return new InFramework(dist, daemon);
    }

    /** The service of that type, waiting for it to be registered. */
    <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T found = tracker.waitForService(Duration.ofSeconds(30).toMillis());
        if (found == null) {
            throw new AssertionError("no " + type.getName() + " service: is its bundle wired to the test's api?");
        }
        return found;
    }

    @Override
    public void close() {
        daemon.shutdown();
    }
}
