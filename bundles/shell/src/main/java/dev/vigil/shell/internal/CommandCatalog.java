package dev.vigil.shell.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The Gogo commands registered right now, read from the service registry as Gogo reads them
 * ({@code osgi.command.scope} and {@code osgi.command.function}): their names, for completion,
 * and the parameters of each with their {@link Descriptor}, for usage lines.
 */
final class CommandCatalog {
    /** One way to call a command: its parameter descriptions (empty string when a parameter has none). */
    record Signature(List<String> parameters) {
    }

    private final BundleContext context;

    CommandCatalog(BundleContext context) {
        this.context = context;
    }

    /** Every command as {@code scope:function}, sorted. */
    TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (ServiceReference<?> ref : commandServices()) {
            String scope = String.valueOf(ref.getProperty("osgi.command.scope"));
            for (String f : functions(ref)) {
                names.add(scope + ":" + f);
            }
        }
        return names;
    }

    /**
     * The command a name means: {@code scope:function} as written, or a bare function looked up
     * in the scopes of {@code path} ({@code gogo:felix:vigil:*}) in order, as the shell does.
     */
    Optional<String> resolve(String name, String path) {
        TreeSet<String> all = names();
        if (name.contains(":")) {
            return all.contains(name) ? Optional.of(name) : Optional.empty();
        }
        for (String scope : path.split(":")) {
            for (String n : all) {
                if (scope.equals("*") ? n.endsWith(":" + name) : n.equals(scope + ":" + name)) {
                    return Optional.of(n);
                }
            }
        }
        return Optional.empty();
    }

    /** The ways to call {@code scope:function}, fewest parameters first. */
    List<Signature> signatures(String command) {
        int colon = command.indexOf(':');
        String scope = command.substring(0, colon);
        String function = command.substring(colon + 1);
        List<Signature> out = new ArrayList<>();
        for (ServiceReference<?> ref : commandServices()) {
            if (!scope.equals(ref.getProperty("osgi.command.scope")) || !functions(ref).contains(function)) {
                continue;
            }
            Object target = context.getService(ref);
            if (target == null) {
                continue;
            }
            try {
                for (Method m : target.getClass().getMethods()) {
                    if (m.getName().equalsIgnoreCase(function) || m.getName().equals("_" + function)) {
                        out.add(signature(m));
                    }
                }
            } finally {
                context.ungetService(ref);
            }
        }
        out.sort(java.util.Comparator.comparingInt(s -> s.parameters().size()));
        return out;
    }

    /** {@code vigil:health | vigil:health <service name, or system>}: how a command is called. */
    String usage(String command) {
        List<String> forms = new ArrayList<>();
        for (Signature s : signatures(command)) {
            StringBuilder form = new StringBuilder(command);
            s.parameters().forEach(p -> form.append(" <").append(p.isEmpty() ? "argument" : p).append('>'));
            forms.add(form.toString());
        }
        return String.join(" | ", new java.util.LinkedHashSet<>(forms));
    }

    private static Signature signature(Method m) {
        List<String> params = new ArrayList<>();
        Annotation[][] annotations = m.getParameterAnnotations();
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == CommandSession.class) {
                continue;
            }
            String text = "";
            for (Annotation a : annotations[i]) {
                if (a instanceof Descriptor d) {
                    text = d.value();
                }
            }
            params.add(text);
        }
        return new Signature(params);
    }

    private List<ServiceReference<?>> commandServices() {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null,
                    "(&(osgi.command.scope=*)(osgi.command.function=*))");
            return refs == null ? List.of() : List.of(refs);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> functions(ServiceReference<?> ref) {
        Object f = ref.getProperty("osgi.command.function");
        if (f instanceof String[] many) {
            return List.of(many);
        }
        if (f instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return f == null ? List.of() : List.of(String.valueOf(f));
    }
}
