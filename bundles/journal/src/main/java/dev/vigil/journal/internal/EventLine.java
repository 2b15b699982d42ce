package dev.vigil.journal.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vigil.api.journal.HistoryEvent;
import java.time.Instant;

/**
 * One history event as one journal line:
 * {@code {"type":"event","at":..,"service":..,"kind":..,"from":..,"to":..,"message":..}}, the time
 * in ISO-8601; service, from and to are left out when there are none.
 */
final class EventLine {
    static final String TYPE = "event";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private EventLine() {
    }

    /** The line for {@code e}, without its line break. */
    static String format(HistoryEvent e) {
        JsonObject o = new JsonObject();
        o.addProperty("type", TYPE);
        o.addProperty("at", e.when().toString());
        if (e.service() != null) {
            o.addProperty("service", e.service());
        }
        o.addProperty("kind", e.kind().name());
        if (e.from() != null) {
            o.addProperty("from", e.from());
        }
        if (e.to() != null) {
            o.addProperty("to", e.to());
        }
        o.addProperty("message", e.message());
        return GSON.toJson(o);
    }

    /**
     * The event in {@code o}, a line whose type is {@value #TYPE}.
     *
     * @throws RuntimeException when a field is missing or malformed
     */
    static HistoryEvent parse(JsonObject o) {
        return new HistoryEvent(Instant.parse(required(o, "at")), optional(o, "service"),
                HistoryEvent.Kind.valueOf(required(o, "kind")), optional(o, "from"), optional(o, "to"),
                required(o, "message"));
    }

    /** The event on {@code line}; for tests and tools. */
    static HistoryEvent parse(String line) {
        return parse(JsonParser.parseString(line).getAsJsonObject());
    }

    private static String required(JsonObject o, String name) {
        String v = optional(o, name);
        if (v == null) {
            throw new IllegalArgumentException("no \"" + name + "\"");
        }
        return v;
    }

    private static String optional(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a string");
        }
        return e.getAsString();
    }
}
