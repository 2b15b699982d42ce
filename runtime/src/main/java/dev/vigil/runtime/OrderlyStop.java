package dev.vigil.runtime;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;

/**
 * The daemon's stop, in bounded steps: when the framework begins to stop (however it was
 * asked: the shell socket, SIGTERM, {@code stop 0}), every service is stopped through the
 * supervisor's {@code shutdown()} before any bundle goes; then the framework gets
 * {@link #FRAMEWORK_STOP_MS} to stop its bundles. What hangs is logged, and the daemon exits anyway.
 */
final class OrderlyStop implements SynchronousBundleListener {
    /** How long the services get to stop: longer than any sane chain of stop timeouts. */
    static final long SERVICES_STOP_MS = 120_000;
    /** How long the bundles get to stop once the services are gone. */
    static final long FRAMEWORK_STOP_MS = 15_000;
    private static final String SUPERVISOR = "dev.vigil.api.Supervisor";

    private final BundleContext context;
    private final PrintStream log;
    private final Runnable beforeStop;
    private final CountDownLatch servicesStopped = new CountDownLatch(1);

    /** @param beforeStop runs first, when the stop begins (the systemd notification) */
    OrderlyStop(BundleContext context, PrintStream log, Runnable beforeStop) {
        this.context = context;
        this.log = log;
        this.beforeStop = beforeStop;
    }

    private final java.util.concurrent.atomic.AtomicBoolean begun = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == 0) {
            stopServicesOnce();
        }
    }

    /**
     * The first step, once: the launcher calls it before it asks the framework to stop,
     * because a refresh stuck on a hung bundle can keep the framework from even beginning.
     */
    void stopServicesOnce() {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        try {
            beforeStop.run();
            stopServices();
        } finally {
            servicesStopped.countDown();
        }
    }

    /**
     * The framework is about to stop for a restart, not the daemon: nothing is stopped and
     * systemd is told nothing, the services stay for the restarted supervisor to adopt.
     */
    void forRestart() {
        begun.set(true);
    }

    /** True once a stop (or a restart) of this framework began. */
    boolean begun() {
        return begun.get();
    }

    /** True once the stop began and the services are stopped (or their time is up). */
    boolean servicesDone() {
        return servicesStopped.getCount() == 0;
    }

    /** Waits for the services' step, then for the framework, each bounded; logs what hung. */
    void await(Framework framework) throws InterruptedException {
        servicesStopped.await(SERVICES_STOP_MS + 5_000, TimeUnit.MILLISECONDS);
        if (framework.waitForStop(FRAMEWORK_STOP_MS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            log.println("vigil: the framework did not stop within " + FRAMEWORK_STOP_MS / 1000 + " s; exiting anyway."
                    + " Still busy: " + busyBundles(framework) + stack("FelixShutdown"));
        }
    }

    private void stopServices() {
        ServiceReference<?> ref = context.getServiceReference(SUPERVISOR);
        if (ref == null) {
            return;
        }
        Thread stopper = new Thread(() -> {
            Object supervisor = context.getService(ref);
            if (supervisor == null) {
                return;
            }
            try {
                ref.getBundle().loadClass(SUPERVISOR).getMethod("shutdown").invoke(supervisor);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.println("vigil: stopping the services failed: " + (e.getCause() == null ? e : e.getCause()));
            }
        }, "vigil-stop-services");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(SERVICES_STOP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            log.println("vigil: the services were not all stopped within " + SERVICES_STOP_MS / 1000
                    + " s; stopping the framework anyway." + stack("vigil-stop-services"));
        }
    }

    private static String busyBundles(Framework framework) {
        List<String> busy = new ArrayList<>();
        for (Bundle b : framework.getBundleContext() == null ? new Bundle[0] : framework.getBundleContext().getBundles()) {
            if ((b.getState() & (Bundle.STARTING | Bundle.STOPPING)) != 0 && b.getBundleId() != 0) {
                busy.add(b.getSymbolicName() + " (" + b.getLocation() + ", "
                        + (b.getState() == Bundle.STARTING ? "starting" : "stopping") + ")");
            }
        }
        return busy.isEmpty() ? "no bundle" : String.join(", ", busy);
    }

    /** The top of a thread's stack, to say where it hangs. */
    private static String stack(String threadName) {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, frames) -> {
            if (t.getName().equals(threadName)) {
                out.append("\n  thread ").append(threadName).append(" is at:");
                for (int i = 0; i < Math.min(8, frames.length); i++) {
                    out.append("\n    ").append(frames[i]);
                }
            }
        });
        return out.toString();
    }
}
