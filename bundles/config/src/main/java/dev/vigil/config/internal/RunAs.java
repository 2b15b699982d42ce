package dev.vigil.config.internal;

import com.google.gson.JsonObject;
import java.util.regex.Pattern;

/**
 * The user and group a service runs as ({@code "user"}, {@code "group"}), each null for the
 * daemon's own. A service that names its own user does not take {@code defaults.group}:
 * that group was chosen for the default user.
 */
record RunAs(String user, String group) {
    static final RunAs DAEMONS_OWN = new RunAs(null, null);
    /** POSIX portable names, as useradd takes them (a trailing '$' is for machine accounts). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?");

    /** Reads {@code user} and {@code group} of {@code parent} (found at {@code path}) over {@code inherited}. */
    static RunAs read(Fields f, JsonObject parent, String path, RunAs inherited) {
        String at = path.isEmpty() ? "" : path + ".";
        String user = name(f, parent, at + "user", "user");
        String group = name(f, parent, at + "group", "group");
        if (user != null) {
            return new RunAs(user, group);
        }
        if (group == null) {
            return inherited;
        }
        if (inherited.user() == null) {
            f.error(at + "group", "a group needs a user: add \"user\" beside it (the service runs as that user,"
                    + " with this group), or drop \"group\"");
            return inherited;
        }
        return new RunAs(inherited.user(), group);
    }

    private static String name(Fields f, JsonObject parent, String path, String key) {
        String name = f.string(parent, path, key, null);
        if (name != null && !NAME.matcher(name).matches()) {
            f.error(path, "expected a " + key + " name such as \"postgres\": a letter or '_', then letters, digits,"
                    + " '_', '.' or '-', at most 32; found " + Fields.describe(new com.google.gson.JsonPrimitive(name)));
            return null;
        }
        return name;
    }
}
