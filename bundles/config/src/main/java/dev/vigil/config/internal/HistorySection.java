package dev.vigil.config.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.vigil.api.HistorySettings;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code system.history}: {@code {"maxSize": "10MiB", "files": 5, "keep": "30d"}}, each key over the default. */
final class HistorySection {
    private static final Pattern DAYS = Pattern.compile("(\\d{1,6})d");
    private static final Duration LEAST_KEEP = Duration.ofMinutes(1);

    private HistorySection() {
    }

    static HistorySettings read(Fields f, JsonObject history) {
        HistorySettings base = HistorySettings.DEFAULT;
        if (history == null) {
            return base;
        }
        f.unknownKeys(history, "system.history", ConfigKeys.HISTORY);
        long maxBytes = size(f, history.get("maxSize"), base.maxBytes());
        int files = f.integer(history, "system.history.files", "files", base.files(), 1, 100);
        Duration keep = keep(f, history, base.keep());
        return new HistorySettings(maxBytes, files, keep);
    }

    private static long size(Fields f, JsonElement e, long fallback) {
        String path = "system.history.maxSize";
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        Long bytes = e.isJsonPrimitive() ? LogPolicies.parse(e.getAsString()) : null;
        if (bytes == null) {
            f.error(path, "expected a size such as \"512KiB\", \"10MiB\", \"1GiB\" or a number of bytes, found "
                    + Fields.describe(e) + "; the units are binary (KiB, MiB, GiB)");
            return fallback;
        }
        if (bytes < HistorySettings.MIN_BYTES) {
            f.error(path, LogPolicies.format(bytes) + " is below the " + HistorySettings.MIN_BYTES
                    + " bytes a history file must be able to hold before it is rotated; write at least \"4KiB\"");
            return fallback;
        }
        return bytes;
    }

    /** {@code keep}: a duration of at least a minute, days ({@code "30d"}) allowed as well as ms, s, m and h. */
    private static Duration keep(Fields f, JsonObject history, Duration fallback) {
        String path = "system.history.keep";
        JsonElement raw = history.get("keep");
        if (raw == null || raw.isJsonNull()) {
            return fallback;
        }
        String text = raw.isJsonPrimitive() && raw.getAsJsonPrimitive().isString() ? raw.getAsString().trim() : null;
        Matcher days = text == null ? null : DAYS.matcher(text);
        Duration keep = days == null ? null : days.matches() ? Duration.ofDays(Long.parseLong(days.group(1)))
                : Durations.parse(text);
        if (keep == null) {
            String hint = raw.isJsonPrimitive() && raw.getAsJsonPrimitive().isNumber()
                    ? "; write it as a string with its unit, e.g. \"" + raw + "d\"" : "";
            f.error(path, "expected a duration such as \"12h\" or \"30d\" (units ms, s, m, h, d), found "
                    + Fields.describe(raw) + hint);
            return fallback;
        }
        if (keep.compareTo(LEAST_KEEP) < 0) {
            f.error(path, "history must be kept at least 1m, found \"" + text + "\"; write e.g. \"30d\" or \"12h\"");
            return fallback;
        }
        return keep;
    }
}
