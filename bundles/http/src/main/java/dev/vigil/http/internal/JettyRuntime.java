package dev.vigil.http.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What Felix HTTP's Jetty is doing, as its {@code HttpServiceRuntime} service shows it: that
 * service is there, with the port as a property, exactly while Jetty serves.
 */
final class JettyRuntime implements AutoCloseable {
    private static final String RUNTIME = "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)";
    private static final String PORT = "org.osgi.service.http.port";
    private final ServiceTracker<Object, Object> tracker;

    JettyRuntime(BundleContext context) {
        Filter f;
        try {
            f = context.createFilter(RUNTIME);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker = new ServiceTracker<>(context, f, null);
        tracker.open(true);
    }

    /** Waits until Jetty serves on {@code port}; false when it did not within {@code timeout}. */
    boolean awaitServing(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (servingPort() == port) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Waits until Jetty serves nothing and has let go of its port on {@code bind}. */
    void awaitStopped(String bind, Duration timeout) throws InterruptedException {
        int port = servingPort();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && (servingPort() > 0 || port > 0 && !free(bind, port))) {
            Thread.sleep(20);
        }
    }

    /** The port Jetty serves on, or -1 when it serves nothing. */
    int servingPort() {
        ServiceReference<Object>[] refs = tracker.getServiceReferences();
        if (refs != null) {
            for (ServiceReference<Object> r : refs) {
                Object p = r.getProperty(PORT);
                if (p != null) {
                    try {
                        return Integer.parseInt(p.toString());
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    static String hostPort(String bind, int port) {
        return (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
    }

    private static boolean free(String bind, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(bind), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        tracker.close();
    }
}
