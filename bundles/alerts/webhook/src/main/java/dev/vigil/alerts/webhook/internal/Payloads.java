package dev.vigil.alerts.webhook.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.alert.Alert;
import java.util.Map;

/** The bodies the webhook POSTs: Vigil's own JSON, or an Alertmanager v2 {@code /api/v2/alerts} payload. */
final class Payloads {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Payloads() {
    }

    /**
     * {@code format: json}: one object, {@code {"version": 1, "status": "firing"|"resolved",
     * "incident", "system", "service", "severity", "summary", "description", "startsAt",
     * "endsAt" (null while firing), "labels"}}; times in RFC 3339, UTC.
     */
    static String json(Alert a) {
        JsonObject o = new JsonObject();
        o.addProperty("version", 1);
        a.fields().forEach(o::addProperty);
        o.add("labels", map(a.labels()));
        return GSON.toJson(o);
    }

    /**
     * {@code format: alertmanager}: what Prometheus sends Alertmanager, a list of one alert
     * with its labels (which identify it there: the same for the firing and the resolution),
     * annotations {@code summary}, {@code description} and {@code incident}, {@code startsAt},
     * and {@code endsAt} once resolved (while it fires Alertmanager holds it for its
     * {@code resolve_timeout}, so it is repeated).
     */
    static String alertmanager(Alert a) {
        JsonObject o = new JsonObject();
        o.add("labels", map(a.labels()));
        o.add("annotations", map(Map.of("summary", a.summary(), "description", a.description(),
                "incident", a.incident())));
        o.addProperty("startsAt", a.startsAt().toString());
        if (a.endsAt() != null) {
            o.addProperty("endsAt", a.endsAt().toString());
        }
        JsonArray list = new JsonArray();
        list.add(o);
        return GSON.toJson(list);
    }

    private static JsonObject map(Map<String, String> values) {
        JsonObject o = new JsonObject();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.addProperty(e.getKey(), e.getValue()));
        return o;
    }
}
