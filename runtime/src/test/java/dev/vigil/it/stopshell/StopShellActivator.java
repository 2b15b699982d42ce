package dev.vigil.it.stopshell;

import java.io.File;
import java.io.IOException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * A drop-in that stops Vigil's remote shell from inside the framework, once: a marker in its
 * data area (kept across a framework restart) makes it do nothing the next time it starts.
 */
public final class StopShellActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) throws IOException {
        File done = context.getDataFile("done");
        if (!done.createNewFile()) {
            return;
        }
        Thread t = new Thread(() -> {
            for (Bundle b : context.getBundles()) {
                if ("dev.vigil.shell".equals(b.getSymbolicName())) {
                    try {
                        b.stop();
                    } catch (BundleException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }, "stop-the-shell");
        t.start();
    }

    @Override
    public void stop(BundleContext context) {
    }
}
