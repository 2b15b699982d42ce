package dev.vigil.config.internal;

import dev.vigil.api.ConfigError;
import dev.vigil.api.SystemConfig;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** A framework that answers properties and records each SystemConfig and ConfigError registered; anything else does nothing. */
final class RecordingFramework {
    final List<SystemConfig> registered = new CopyOnWriteArrayList<>();
    final List<ConfigError> errors = new CopyOnWriteArrayList<>();

    SystemConfig inForce() {
        return registered.get(registered.size() - 1);
    }

    BundleContext context(Map<String, String> properties) {
        ClassLoader loader = getClass().getClassLoader();
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(loader,
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> null);
        return (BundleContext) Proxy.newProxyInstance(loader, new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "registerService" -> {
                        if (args[1] instanceof SystemConfig c) {
                            registered.add(c);
                        } else if (args[1] instanceof ConfigError e) {
                            errors.add(e);
                        }
                        yield registration;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
