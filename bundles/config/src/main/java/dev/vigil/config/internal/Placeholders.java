package dev.vigil.config.internal;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${...}} in command arguments and environment values:
 * {@code ${port.NAME}}, {@code ${vigil.home}}, {@code ${vigil.java}},
 * {@code ${env:NAME}} and {@code ${env:NAME:-default}}.
 */
final class Placeholders {
    private static final Pattern REF = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, String> fixed;
    private final Function<String, String> environment;

    Placeholders(Map<String, String> fixed, Function<String, String> environment) {
        this.fixed = fixed;
        this.environment = environment;
    }

    /**
     * @param ports the names of the service's ports: {@code ${port.NAME}} is checked against
     *              them and left in place, as the number is known only when the service starts
     * @throws IllegalArgumentException naming the placeholder that cannot be expanded and why
     */
    String expand(String text, Set<String> ports) {
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(valueOf(m.group(1), ports)));
        }
        return m.appendTail(out).toString();
    }

    private String valueOf(String ref, Set<String> ports) {
        if (ref.startsWith("port.")) {
            if (!ports.contains(ref.substring(5))) {
                throw new IllegalArgumentException("${" + ref + "} names no port of this service; declared ports: "
                        + (ports.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(ports))));
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
                    : "; known: ${port.NAME}, ${env:NAME}, "
                    + String.join(", ", fixed.keySet().stream().sorted().map(k -> "${" + k + "}").toList())));
        }
        return value;
    }
}
