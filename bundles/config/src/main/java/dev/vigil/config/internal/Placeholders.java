package dev.vigil.config.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${...}} in command arguments, environment values and check parameters:
 * {@code ${port.NAME}}, {@code ${port.SERVICE.NAME}}, {@code ${vigil.home}}, {@code ${vigil.java}},
 * {@code ${env:NAME}}, {@code ${env:NAME:-default}} and {@code ${instance}}. One instance reads one config.
 */
final class Placeholders {
    private static final Pattern REF = Pattern.compile("\\$\\{([^}]*)}");

    /**
     * What the placeholders of one service may name: the service, its own ports, and
     * {@code ${instance}} when it has {@code instances}.
     */
    record Scope(String service, Set<String> ports, boolean instanced) {
    }

    /**
     * A {@code ${port.SERVICE.NAME}} met at {@code path} of service {@code from}; whether it
     * names a port of a service that starts first can be told only once every service is read.
     */
    record OtherPort(String from, String path, String service, String port) {
        String placeholder() {
            return "${port." + service + "." + port + "}";
        }
    }

    private final Map<String, String> fixed;
    private final Function<String, String> environment;
    private final List<OtherPort> otherPorts = new ArrayList<>();

    Placeholders(Map<String, String> fixed, Function<String, String> environment) {
        this.fixed = fixed;
        this.environment = environment;
    }

    /**
     * Expands {@code text}. Port placeholders are left in place, as the numbers are known only
     * when the services start: {@code ${port.NAME}} is checked against the scope's ports now,
     * {@code ${port.SERVICE.NAME}} is kept in {@link #otherPorts()} to be checked later.
     *
     * @param path where the text is, for {@link OtherPort#path()}
     * @throws IllegalArgumentException naming the placeholder that cannot be expanded and why
     */
    String expand(String text, Scope scope, String path) {
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(valueOf(m.group(1), scope, path)));
        }
        return m.appendTail(out).toString();
    }

    /** Every {@code ${port.SERVICE.NAME}} met so far, in the order met. */
    List<OtherPort> otherPorts() {
        return List.copyOf(otherPorts);
    }

    private String valueOf(String ref, Scope scope, String path) {
        if (ref.equals("instance")) {
            if (!scope.instanced()) {
                throw new IllegalArgumentException("${instance} is the number of a copy, and this service runs one"
                        + " process; add \"instances\": N to run copies, or remove ${instance}");
            }
            return Instances.PLACEHOLDER; // filled in per copy, once every copy is known
        }
        if (ref.startsWith("port.")) {
            String name = ref.substring(5);
            // Port names have no '.', service names may: the last '.' splits them.
            int dot = name.lastIndexOf('.');
            if (dot >= 0) {
                otherPorts.add(new OtherPort(scope.service(), path, name.substring(0, dot), name.substring(dot + 1)));
            } else if (!scope.ports().contains(name)) {
                throw new IllegalArgumentException("${" + ref + "} names no port of this service; declared ports: "
                        + (scope.ports().isEmpty() ? "none" : String.join(", ", new TreeSet<>(scope.ports()))));
            }
            return "${" + ref + "}";
        }
        if (ref.startsWith("env:")) {
            String spec = ref.substring(4);
            int dflt = spec.indexOf(":-");
            String name = dflt < 0 ? spec : spec.substring(0, dflt);
            String value = environment.apply(name);
            if (value != null && !(dflt >= 0 && value.isEmpty())) {
                return value;
            }
            if (dflt >= 0) {
                return spec.substring(dflt + 2);
            }
            throw new IllegalArgumentException("${env:" + name + "}: environment variable " + name
                    + " is not set; set it or write ${env:" + name + ":-default}");
        }
        String value = fixed.get(ref);
        if (value == null) {
            String near = Suggestions.nearest(ref, fixed.keySet());
            throw new IllegalArgumentException("unknown placeholder ${" + ref + "}" + (near != null
                    ? "; did you mean ${" + near + "}?"
                    : "; known: ${port.NAME}, ${port.SERVICE.NAME}, ${env:NAME}, "
                    + String.join(", ", fixed.keySet().stream().sorted().map(k -> "${" + k + "}").toList())));
        }
        return value;
    }
}
