package dev.vigil.alerts.dispatch.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * What an operator must know about the alert sinks: one that dropped an alert after its
 * retries, until it delivers one again. Published as a service property that the status
 * reads as notices ({@code vigil status} then warns), the way the launcher publishes those
 * of {@code deploy/}.
 */
final class SinkNotices {
    /** The property the status service reads notices from, on any service. */
    static final String PROPERTY = "vigil.deploy.notices";

    private final Map<String, String> bySink = new TreeMap<>();
    private ServiceRegistration<SinkNotices> registration;

    synchronized void open(BundleContext context) {
        registration = context.registerService(SinkNotices.class, this, properties());
    }

    synchronized void set(String sink, String notice) {
        if (!notice.equals(bySink.put(sink, notice))) {
            publish();
        }
    }

    synchronized void clear(String sink) {
        if (bySink.remove(sink) != null) {
            publish();
        }
    }

    synchronized void close() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // The framework took it down already.
            }
            registration = null;
        }
    }

    private void publish() {
        if (registration != null) {
            try {
                registration.setProperties(properties());
            } catch (IllegalStateException e) {
                // Unregistered while stopping: nobody reads it any more.
            }
        }
    }

    private Dictionary<String, Object> properties() {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(PROPERTY, bySink.values().toArray(new String[0]));
        return p;
    }
}
