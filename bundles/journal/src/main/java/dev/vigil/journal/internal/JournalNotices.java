package dev.vigil.journal.internal;

import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Puts the journal's notices where {@code vigil status} gathers them: a service carrying them
 * in its {@code vigil.deploy.notices} property (the status bundle reads that property from any
 * service), registered while there is one.
 */
class JournalNotices {
    /** For a journal outside a framework (tests): notices are only logged. */
    static final JournalNotices NONE = new JournalNotices(null);
    static final String PROPERTY = "vigil.deploy.notices";

    private final BundleContext context;
    private ServiceRegistration<?> registration;

    JournalNotices(BundleContext context) {
        this.context = context;
    }

    /** Shows {@code notices}, or nothing when the list is empty. */
    synchronized void publish(List<String> notices) {
        if (context == null) {
            return;
        }
        try {
            if (notices.isEmpty()) {
                close();
                return;
            }
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(PROPERTY, notices.toArray(String[]::new));
            if (registration == null) {
                registration = context.registerService(JournalNotices.class, this, props);
            } else {
                registration.setProperties(props);
            }
        } catch (IllegalStateException stopping) {
            registration = null; // the bundle is stopping: nothing to show any more
        }
    }

    synchronized void close() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the bundle
            }
            registration = null;
        }
    }
}
