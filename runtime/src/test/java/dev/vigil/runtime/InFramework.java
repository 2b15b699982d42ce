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
    /** The api packages at the versions the api bundle exports them, read from its manifest. */
    static String api(Dist dist) throws java.io.IOException {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(dist.home.resolve("bundles/vigil-api.jar").toFile())) {
            String exports = jar.getManifest().getMainAttributes().getValue("Export-Package");
            // Services that are also event handlers are visible to the test only when it sees the same EventHandler.
            return exports + ",org.osgi.service.event;version=1.4.1";
        }
    }

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
                Map.of("org.osgi.framework.system.packages.extra", api(dist), Daemon.OMIT_PROPERTY, "vigil-api"));
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
        awaitHttp(dist.home.resolve("data"));
        daemon.shutdown();
    }

    /**
     * Waits (20 s at most) until the daemon's HTTP endpoint, as leased in DATA/ports.json,
     * listens. Felix HTTP starts Jetty on ConfigAdmin's thread after the daemon is ready; a
     * framework stopped before that start is done leaves Jetty's connector listening in this
     * JVM, on a port later tests expect free.
     */
    static void awaitHttp(Path data) {
        java.util.regex.Pattern lease = java.util.regex.Pattern.compile(
                "\"vigil\"\\s*:\\s*\\{\\s*\"http\"\\s*:\\s*\\{\\s*\"port\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                java.util.regex.Matcher m = lease.matcher(java.nio.file.Files.readString(data.resolve("ports.json")));
                if (m.find()) {
                    try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                            Integer.parseInt(m.group(1)))) {
                        return;
                    }
                }
            } catch (java.io.IOException notYet) {
                // no lease yet, or not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
