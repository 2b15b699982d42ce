package dev.vigil.runtime;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Copies the OSGi log into the daemon's log. With a LogService in the base stack, SCR,
 * FileInstall, ConfigAdmin and Metatype write there instead of to the console, where nobody
 * would read it: warnings and errors of every bundle, and FileInstall's own messages (it
 * already filters them by {@code felix.fileinstall.log.level}), go on to {@code logs/vigil.log}.
 * The launcher does not link the log API (it lives in a bundle), hence the reflection.
 */
final class LogBridge implements AutoCloseable {
    private static final String READER = "org.osgi.service.log.LogReaderService";
    private static final String LISTENER = "org.osgi.service.log.LogListener";
    private static final String ENTRY = "org.osgi.service.log.LogEntry";
    private static final String[] LEVELS = {"", "ERROR", "WARNING", "INFO", "DEBUG"};

    private final ServiceTracker<Object, Object> tracker;

    LogBridge(BundleContext context, PrintStream out) {
        tracker = new ServiceTracker<>(context, READER, null) {
            @Override
            public Object addingService(ServiceReference<Object> ref) {
                Object reader = context.getService(ref);
                try {
                    Class<?> type = ref.getBundle().loadClass(LISTENER);
                    Class<?> readerType = ref.getBundle().loadClass(READER);
                    Class<?> entryType = ref.getBundle().loadClass(ENTRY);
                    Object listener = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                            (proxy, method, args) -> {
                                if (method.getName().equals("logged")) {
                                    print(out, entryType, args[0]);
                                    return null;
                                }
                                return switch (method.getName()) {
                                    case "hashCode" -> System.identityHashCode(proxy);
                                    case "equals" -> proxy == args[0];
                                    default -> "vigil log bridge";
                                };
                            });
                    readerType.getMethod("addLogListener", type).invoke(reader, listener);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    out.println("vigil: the OSGi log is not copied to this log: " + e);
                }
                return reader;
            }
        };
    }

    void open() {
        tracker.open();
    }

    private static void print(PrintStream out, Class<?> type, Object entry) {
        try {
            int level = (Integer) method(type, "getLevel").invoke(entry);
            Bundle bundle = (Bundle) method(type, "getBundle").invoke(entry);
            String name = bundle == null ? "?" : bundle.getSymbolicName();
            Object logger = method(type, "getLoggerName").invoke(entry);
            // Bundle and service events are logged too, each as the bundle concerned: not worth a line.
            if (level > 2 && (!"org.apache.felix.fileinstall".equals(name) || String.valueOf(logger).startsWith("Events."))) {
                return;
            }
            Object message = method(type, "getMessage").invoke(entry);
            Object error = method(type, "getException").invoke(entry);
            out.println("[" + name + "] " + (level > 0 && level < LEVELS.length ? LEVELS[level] : "LOG") + " "
                    + message + (error == null ? "" : ": " + error));
        } catch (ReflectiveOperationException | RuntimeException e) {
            out.println("vigil: an OSGi log entry could not be read: " + e);
        }
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        return type.getMethod(name);
    }

    @Override
    public void close() {
        tracker.close();
    }
}
