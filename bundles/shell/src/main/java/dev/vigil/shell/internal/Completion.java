package dev.vigil.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What Tab offers in a Vigil shell, for the word under the cursor: the command names
 * ({@code vigil:health}, and {@code health} as typed without a scope) for the first word,
 * and the service names where the command's parameter is a service (its {@code @Descriptor}
 * says "service"). The shells ask the daemon, so that a command or a service added while
 * they run is offered at once.
 */
final class Completion {
    private final CommandCatalog catalog;
    private final Supplier<List<String>> services;

    /** @param services the names of the services, or an empty list without a supervisor */
    Completion(CommandCatalog catalog, Supplier<List<String>> services) {
        this.catalog = catalog;
        this.services = services;
    }

    /**
     * The candidates for the last word of {@code line} (the text up to the cursor); a line
     * that ends in a blank completes a new word. Each candidate is a whole word, the client
     * keeps those that start with what was typed.
     */
    List<String> candidates(String line) {
        String[] words = line.stripLeading().split("\\s+", -1);
        int index = words.length - 1;
        if (index == 0) {
            TreeSet<String> names = catalog.names();
            TreeSet<String> out = new TreeSet<>(names);
            names.forEach(n -> out.add(n.substring(n.indexOf(':') + 1)));
            return new ArrayList<>(out);
        }
        String command = catalog.resolve(words[0], RemoteShell.SCOPE).orElse(null);
        if (command == null) {
            return List.of();
        }
        int param = index - 1;
        boolean takesService = catalog.signatures(command).stream()
                .filter(s -> s.parameters().size() > param)
                .anyMatch(s -> s.parameters().get(param).toLowerCase(Locale.ROOT).contains("service"));
        if (!takesService) {
            return List.of();
        }
        List<String> out = new ArrayList<>(services.get());
        boolean host = catalog.signatures(command).stream().filter(s -> s.parameters().size() > param)
                .anyMatch(s -> s.parameters().get(param).contains("system"));
        if (host) {
            out.add("system");
        }
        return out;
    }
}
