package dev.vigil.monitor.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the port placeholders the config leaves in check parameters, at each run: {@code
 * ${port.NAME}} from the service's own ports, {@code ${port.SERVICE.NAME}} from that other
 * service's current ones. One that cannot be filled yet (the other service has no port
 * assigned) is left as it is, and the check type reports the parameter as bad.
 */
final class PortPlaceholders {
    private static final Pattern REF = Pattern.compile("\\$\\{port\\.([^}]+)}");

    private final Map<String, Integer> own;
    private final Function<String, Map<String, Integer>> others;

    /**
     * @param own    the checked service's ports
     * @param others another service's current ports by its name (empty when unknown)
     */
    PortPlaceholders(Map<String, Integer> own, Function<String, Map<String, Integer>> others) {
        this.own = own;
        this.others = others;
    }

    /** Whether any string in {@code params} (nested ones included) holds a port placeholder. */
    static boolean any(Object params) {
        if (params instanceof String s) {
            return s.contains("${port.");
        }
        if (params instanceof List<?> l) {
            return l.stream().anyMatch(PortPlaceholders::any);
        }
        if (params instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(PortPlaceholders::any);
        }
        return false;
    }

    /** The parameters with every port placeholder that can be filled, filled. */
    Map<String, Object> fill(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, fillValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object fillValue(Object v) {
        if (v instanceof String s) {
            Matcher m = REF.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                Integer port = port(m.group(1));
                m.appendReplacement(b, Matcher.quoteReplacement(port == null ? m.group() : port.toString()));
            }
            return m.appendTail(b).toString();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(this::fillValue).toList();
        }
        if (v instanceof Map<?, ?> m) {
            return fill((Map<String, Object>) m);
        }
        return v;
    }

    private Integer port(String ref) {
        // Port names have no '.', service names may: the last '.' splits them.
        int dot = ref.lastIndexOf('.');
        return dot < 0 ? own.get(ref) : others.apply(ref.substring(0, dot)).get(ref.substring(dot + 1));
    }
}
