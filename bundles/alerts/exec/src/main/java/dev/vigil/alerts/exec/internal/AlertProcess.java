package dev.vigil.alerts.exec.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.vigil.api.alert.Alert;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What the exec sink gives the command: the alert as environment variables, and as JSON on stdin. */
final class AlertProcess {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private AlertProcess() {
    }

    /**
     * {@code VIGIL_ALERT_STATUS} (firing, resolved), {@code _INCIDENT}, {@code _SYSTEM},
     * {@code _SERVICE}, {@code _SEVERITY}, {@code _SUMMARY}, {@code _DESCRIPTION},
     * {@code _STARTS_AT}, {@code _ENDS_AT} (empty while firing), and each label as
     * {@code VIGIL_ALERT_LABEL_<NAME>} (upper case, other characters as '_').
     */
    static Map<String, String> environment(Alert a) {
        Map<String, String> env = new LinkedHashMap<>();
        a.fields().forEach((name, value) -> env.put("VIGIL_ALERT_"
                + name.replaceAll("(?<=[a-z])(?=[A-Z])", "_").toUpperCase(Locale.ROOT), value == null ? "" : value));
        a.labels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> env.put("VIGIL_ALERT_LABEL_"
                + e.getKey().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"), e.getValue()));
        env.replaceAll((k, v) -> v.replace('\0', ' ')); // no environment can carry a NUL
        return env;
    }

    /** The same object the webhook's {@code format: json} POSTs, so one script reads both. */
    static String json(Alert a) {
        JsonObject o = new JsonObject();
        o.addProperty("version", 1);
        a.fields().forEach(o::addProperty);
        JsonObject labels = new JsonObject();
        a.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> labels.addProperty(e.getKey(), e.getValue()));
        o.add("labels", labels);
        return GSON.toJson(o) + "\n";
    }
}
