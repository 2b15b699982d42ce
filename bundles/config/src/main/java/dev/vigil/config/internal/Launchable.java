package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * What makes an accepted config start: values the JDK or the kernel would refuse (or cut
 * short) at launch are refused here, with their place. A NUL ends a C string, so no
 * argument, variable or path can hold one; an environment entry is NAME=VALUE, so a name
 * is never empty and never holds '='.
 */
final class Launchable {
    /** The daemon writes logs/vigil.log; a service's log is logs/NAME.log. */
    static final String RESERVED_NAME = "vigil";

    private Launchable() {
    }

    /** Every string value of the document that holds a NUL, wherever it is. */
    static void noNul(Fields f, JsonElement e, String path) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
                noNul(f, entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey());
            }
        } else if (e.isJsonArray()) {
            JsonArray array = e.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                noNul(f, array.get(i), path + "[" + i + "]");
            }
        } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && e.getAsString().indexOf('\0') >= 0) {
            f.error(path, "holds a NUL character (\\u0000) at index " + e.getAsString().indexOf('\0') + "; no program"
                    + " argument, environment variable or path can carry one, remove it");
        }
    }

    /** The names of a service's {@code env}. */
    static void envNames(Fields f, JsonObject svc, String path) {
        JsonElement env = svc.get("env");
        if (env == null || !env.isJsonObject()) {
            return;
        }
        for (String name : env.getAsJsonObject().keySet()) {
            String at = path + "." + name.replace("\0", "\\u0000");
            if (name.isEmpty()) {
                f.error(at, "an environment variable needs a name; write it as \"NAME\": \"value\"");
            } else if (name.indexOf('\0') >= 0) {
                f.error(at, "the variable name holds a NUL character (\\u0000), which no environment can carry;"
                        + " remove it");
            } else if (name.indexOf('=') >= 0) {
                int cut = name.indexOf('=');
                f.error(at, "a variable name cannot hold '=' (the environment is NAME=VALUE)"
                        + (cut > 0 ? "; did you mean \"" + name.substring(0, cut) + "\": \"" + name.substring(cut + 1)
                        + "\"?" : "; remove the '='"));
            }
        }
    }

    /** A service may not be named {@link #RESERVED_NAME}. */
    static boolean reservedName(Fields f, String name, String path) {
        if (!RESERVED_NAME.equals(name)) {
            return false;
        }
        f.error(path, "\"vigil\" is reserved: the daemon's own log is logs/vigil.log, and a service's log is"
                + " logs/NAME.log; rename the service, e.g. \"vigil-app\"");
        return true;
    }

    /** The program, {@code command[0]}, must have a name. */
    static void program(Fields f, java.util.List<String> command, String path) {
        if (command != null && !command.isEmpty() && command.get(0).isBlank()) {
            f.error(path + "[0]", "the program is " + (command.get(0).isEmpty() ? "empty" : "blank")
                    + "; give its name or path, e.g. \"python3\" or \"/usr/bin/python3\"");
        }
    }
}
