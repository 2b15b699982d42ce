package dev.vigil.config.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.vigil.api.LogPolicy;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's {@code "log": {"maxSize": "10MiB", "files": 5}}, each key over the inherited policy. */
final class LogPolicies {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(B|KiB|MiB|GiB)?");
    private static final Pattern DECIMAL_UNIT = Pattern.compile("\\d+\\s*([kKmMgG][bB]?|[kKmMgG]i[bB]|b)");

    private LogPolicies() {
    }

    static LogPolicy read(Fields f, JsonObject parent, String path, LogPolicy inherited) {
        JsonObject obj = f.optionalObject(parent, path, "log");
        if (obj == null) {
            return inherited;
        }
        f.unknownKeys(obj, path, ConfigKeys.LOG);
        long maxBytes = size(f, obj.get("maxSize"), path + ".maxSize", inherited.maxBytes());
        int files = f.integer(obj, path + ".files", "files", inherited.files(), 0, 100);
        return new LogPolicy(maxBytes, files);
    }

    private static long size(Fields f, JsonElement e, String path, long fallback) {
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        Long bytes = e.isJsonPrimitive() ? parse(e.getAsString()) : null;
        String text = e.isJsonPrimitive() ? e.getAsString().trim() : "";
        if (bytes == null && SIZE.matcher(text).matches()) {
            f.error(path, "\"" + text + "\" is too large to count in bytes; a log rotates long before that, try \"1GiB\"");
            return fallback;
        }
        if (bytes == null) {
            String hint = DECIMAL_UNIT.matcher(text).matches() ? "; the units are binary and written KiB, MiB, GiB" : "";
            f.error(path, "expected a size such as \"512KiB\", \"10MiB\", \"1GiB\" or a number of bytes, found "
                    + Fields.describe(e) + hint);
            return fallback;
        }
        if (bytes < LogPolicy.MIN_BYTES) {
            f.error(path, format(bytes) + " is below the " + LogPolicy.MIN_BYTES + " bytes a log file must be able"
                    + " to hold before it is rotated; write at least \"4KiB\"");
            return fallback;
        }
        return bytes;
    }

    /** The bytes a size stands for, or null when it is not a size (or too large to count). */
    static Long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        String unit = m.group(2) == null ? "B" : m.group(2);
        int shift = switch (unit) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        return n > Long.MAX_VALUE >> shift ? null : n << shift;
    }

    /** A size the way configs write it: the largest binary unit that divides it. */
    static String format(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (30 - 10 * i);
            if (bytes >= unit && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }
}
