package dev.vigil.monitor.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Does for a component what the Declarative Services runtime does, for tests that run one
 * outside a framework: sets a {@code @Reference} field and calls the activate and deactivate
 * methods, which may be package-private in another package.
 */
final class Scr {
    private Scr() {
    }

    /** Sets the component's one field of the given service type, as field injection does. */
    static void inject(Object component, Class<?> service, Object value) {
        for (Field f : component.getClass().getDeclaredFields()) {
            if (f.getType() == service) {
                try {
                    f.setAccessible(true);
                    f.set(component, value);
                    return;
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException(component.getClass().getName() + " has no reference to " + service.getName());
    }

    static void activate(Object component) {
        call(component, "activate");
    }

    static void deactivate(Object component) {
        call(component, "deactivate");
    }

    private static void call(Object component, String method) {
        try {
            Method m = component.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            m.invoke(component);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(method + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
