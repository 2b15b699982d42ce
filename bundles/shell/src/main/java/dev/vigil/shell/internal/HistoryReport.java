package dev.vigil.shell.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.journal.HistoryEvent;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** History as people read it ({@code vigil:history}, {@code vigil history}), or as JSON ({@code --json}). */
final class HistoryReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final Pattern AGO = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private HistoryReport() {
    }

    /**
     * The instant {@code --since} names: a duration back from {@code now} ({@code 30m}, {@code 1h},
     * {@code 2d}) or an ISO-8601 time; null for an empty one (everything).
     *
     * @throws IllegalArgumentException saying what is accepted, for anything else
     */
    static Instant since(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher m = AGO.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration back = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(back);
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--since: expected a duration back from now such as 30m, 1h or 2d, "
                    + "or a UTC time such as 2026-01-31T09:00:00Z; found \"" + text + "\"");
        }
    }

    /**
     * The events as lines, oldest first.
     *
     * @param service   the service they are about, or null for the whole system (a column names each one's)
     * @param truncated whether older events were left out to keep to the limit
     */
    static String table(String service, Instant since, List<HistoryEvent> events, boolean truncated) {
        StringBuilder out = new StringBuilder();
        String whose = service == null ? "the system" : service;
        if (events.isEmpty()) {
            return "(no history for " + whose + (since == null ? "" : " since " + TIME.format(since) + " UTC") + ")\n";
        }
        out.append("history of ").append(whose).append(since == null ? "" : " since " + TIME.format(since) + " UTC")
                .append(", times UTC, oldest first").append(truncated ? " (only the last " + events.size()
                        + "; narrow it with --since)" : "").append(":\n");
        int width = service != null ? 0 : Math.max(7, events.stream()
                .mapToInt(e -> e.service() == null ? 1 : e.service().length()).max().orElse(0));
        for (HistoryEvent e : events) {
            out.append(TIME.format(e.when())).append("  ");
            if (service == null) {
                out.append(String.format("%-" + width + "s  ", e.service() == null ? "-" : e.service()));
            }
            out.append(String.format("%-14s  ", e.kind())).append(change(e)).append(e.message()).append('\n');
        }
        return out.toString();
    }

    /** {@code FROM -> TO  } for a change, {@code TO  } for a result, else nothing. */
    static String change(HistoryEvent e) {
        return switch (e.kind()) {
            case STATE, RESTART, HEALTH, PORT -> e.from() == null || e.to() == null ? ""
                    : e.from() + " -> " + e.to() + "  ";
            case RECOVERY -> e.to() == null ? "" : e.to() + "  ";
            default -> "";
        };
    }

    static String json(String service, Instant since, List<HistoryEvent> events, boolean truncated) {
        JsonObject root = new JsonObject();
        root.addProperty("service", service);
        root.addProperty("since", since == null ? null : since.toString());
        root.addProperty("truncated", truncated);
        JsonArray list = new JsonArray();
        for (HistoryEvent e : events) {
            list.add(event(e));
        }
        root.add("events", list);
        return new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    static JsonObject event(HistoryEvent e) {
        JsonObject o = new JsonObject();
        o.addProperty("at", e.when().toString());
        o.addProperty("service", e.service());
        o.addProperty("kind", e.kind().name());
        o.addProperty("from", e.from());
        o.addProperty("to", e.to());
        o.addProperty("message", e.message());
        return o;
    }
}
