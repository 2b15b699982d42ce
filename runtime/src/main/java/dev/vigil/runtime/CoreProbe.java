package dev.vigil.runtime;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Whether Vigil's core is alive: the supervisor is registered and answers for its services,
 * the health monitor answers for its verdicts, each within a timeout. The launcher does not
 * link the api (it lives in a bundle), so the calls go through the api interface loaded from
 * the providing bundle. A wedged core leaves its probe thread stuck; later probes then time out too.
 */
final class CoreProbe implements AutoCloseable {
    private static final String SUPERVISOR = "dev.vigil.api.Supervisor";
    private static final String MONITOR = "dev.vigil.api.check.HealthMonitor";

    private final java.util.function.Supplier<BundleContext> contexts;
    private final long timeoutMillis;
    private final ExecutorService calls = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-core-probe");
        t.setDaemon(true);
        return t;
    });

    /** @param contexts the framework's context as it is now (a restart changes it), null between two */
    CoreProbe(java.util.function.Supplier<BundleContext> contexts, long timeoutMillis) {
        this.contexts = contexts;
        this.timeoutMillis = timeoutMillis;
    }

    /** Null when the core answered; otherwise what is wrong, for the log. */
    String problem() {
        String s = answers(SUPERVISOR, "services");
        return s != null ? s : answers(MONITOR, "all");
    }

    private String answers(String type, String method) {
        BundleContext context = contexts.get();
        if (context == null) {
            return "the framework is restarting";
        }
        ServiceReference<?> ref;
        try {
            ref = context.getServiceReference(type);
        } catch (IllegalStateException e) {
            return "the framework is stopping";
        }
        if (ref == null) {
            return type + " is not registered";
        }
        Future<?> call = calls.submit(() -> {
            Object service = context.getService(ref);
            if (service == null) {
                throw new IllegalStateException(type + " went away");
            }
            try {
                Method m = ref.getBundle().loadClass(type).getMethod(method);
                return m.invoke(service);
            } finally {
                context.ungetService(ref);
            }
        });
        try {
            call.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return null;
        } catch (java.util.concurrent.TimeoutException e) {
            return type + "." + method + "() did not answer within " + timeoutMillis + " ms";
        } catch (java.util.concurrent.ExecutionException e) {
            return type + "." + method + "() failed: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
