package dev.vigil.supervisor.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${port.NAME}} (a port of this service) and {@code ${port.SERVICE.NAME}} (a
 * port of a service it depends on, as that one was given it at its last launch) in a
 * command or environment value. The config bundle has already checked every reference; one
 * that has no port yet is left as written.
 */
final class PortReferences {
    private static final Pattern REF = Pattern.compile("\\$\\{port\\.(?:([A-Za-z0-9][A-Za-z0-9_.-]*)\\.)?([A-Za-z][A-Za-z0-9_]*)}");

    private final Map<String, Integer> own;
    private final Function<String, Map<String, Integer>> others;

    PortReferences(Map<String, Integer> own, Function<String, Map<String, Integer>> others) {
        this.own = own;
        this.others = others;
    }

    String fill(String text) {
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Map<String, Integer> ports = m.group(1) == null ? own : others.apply(m.group(1));
            Integer port = ports == null ? null : ports.get(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(port == null ? m.group() : port.toString()));
        }
        return m.appendTail(out).toString();
    }

    List<String> fill(List<String> command) {
        return command.stream().map(this::fill).toList();
    }
}
