package dev.vigil.it.block;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A bundle whose start never returns, as a buggy drop-in's might: it ignores interrupts too. */
public final class BlockingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // Hung for good.
            }
        }
    }

    @Override
    public void stop(BundleContext context) {
        start(context);
    }
}
