package dev.vigil.shell.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.gogo.runtime.CommandNotFoundException;

/**
 * Turns what a shell command threw into the one line a person reads: never a Java class
 * name or a trace. A command that does not exist gets the near names; arguments that fit no
 * form of the command (Gogo's "Cannot coerce ...") get the command's usage.
 */
final class CommandErrors {
    private static final Pattern COERCE = Pattern.compile("^Cannot coerce ([^(\\s]+)\\((.*?)\\) to any of");

    private CommandErrors() {
    }

    static String describe(Exception e, String line, CommandCatalog catalog) {
        if (e instanceof CommandNotFoundException missing) {
            return notFound(missing.getCommand(), catalog);
        }
        String message = e.getMessage();
        if (e instanceof IllegalArgumentException && message != null) {
            Matcher m = COERCE.matcher(message);
            if (m.find()) {
                return wrongArguments(m.group(1), m.group(2), line, catalog);
            }
        }
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            message = cause != null && cause.getMessage() != null ? cause.getMessage()
                    : e.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
        }
        return message;
    }

    private static String notFound(String command, CommandCatalog catalog) {
        String bare = command.substring(command.indexOf(':') + 1).toLowerCase(Locale.ROOT);
        List<String> near = catalog.names().stream().filter(n -> {
            String f = n.substring(n.indexOf(':') + 1).toLowerCase(Locale.ROOT);
            return bare.length() >= 3 && (f.startsWith(bare.substring(0, 3)) || f.contains(bare) || bare.contains(f));
        }).limit(6).toList();
        return "no command named \"" + command + "\"" + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near)
                + "?") + " ('help' lists every command)";
    }

    private static String wrongArguments(String function, String given, String line, CommandCatalog catalog) {
        String first = line.strip().split("\\s+", 2)[0];
        String command = (first.endsWith(":" + function) ? catalog.resolve(first, RemoteShell.SCOPE)
                : catalog.resolve(function, RemoteShell.SCOPE)).orElse(function);
        int count = given.isBlank() ? 0 : given.split(",").length;
        String usage = command.contains(":") ? catalog.usage(command) : "";
        return command + ": wrong arguments (" + (count == 0 ? "none" : count + "") + " given)"
                + (usage.isEmpty() ? "" : "; usage: " + usage);
    }
}
