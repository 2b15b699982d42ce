package dev.vigil.supervisor.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${port.NAME}} in a command or environment value with the port assigned at
 * this start. The config bundle has already checked that every name is declared; a name
 * that is not assigned is left as written.
 */
final class PortReferences {
    private static final Pattern REF = Pattern.compile("\\$\\{port\\.([A-Za-z][A-Za-z0-9_]*)}");

    private PortReferences() {
    }

    static String fill(String text, Map<String, Integer> ports) {
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Integer port = ports.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(port == null ? m.group() : port.toString()));
        }
        return m.appendTail(out).toString();
    }

    static List<String> fill(List<String> command, Map<String, Integer> ports) {
        return command.stream().map(a -> fill(a, ports)).toList();
    }
}
