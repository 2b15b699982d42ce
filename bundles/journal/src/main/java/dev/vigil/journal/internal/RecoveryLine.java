package dev.vigil.journal.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.recovery.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One recovery attempt as one journal line:
 * {@code {"type":"recovery","service":..,"kind":..,"strategy":..,"failedAt":..,"start":..,
 * "durationMs":..,"outcome":..,"detail":..}}, times in ISO-8601. Lines of other types (history
 * events, {@link EventLine}) are passed over by {@link #parse(String)}.
 */
final class RecoveryLine {
    static final String TYPE = "recovery";
    // Gson escapes control characters, so a detail with a line break stays on one line.
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private RecoveryLine() {
    }

    /** The line for {@code r}, without its line break. */
    static String format(RecoveryRecord r) {
        JsonObject o = new JsonObject();
        o.addProperty("type", TYPE);
        o.addProperty("service", r.service());
        o.addProperty("kind", r.kind().name());
        o.addProperty("strategy", r.strategy());
        o.addProperty("failedAt", r.failedAt().toString());
        o.addProperty("start", r.start().toString());
        o.addProperty("durationMs", r.duration().toMillis());
        o.addProperty("outcome", r.outcome().name());
        o.addProperty("detail", r.detail());
        return GSON.toJson(o);
    }

    /** {@code r} as its line keeps it (the duration in whole milliseconds), so that a restart reads back the same. */
    static RecoveryRecord asKept(RecoveryRecord r) {
        Duration ms = r.duration().truncatedTo(ChronoUnit.MILLIS);
        return ms.equals(r.duration()) ? r : new RecoveryRecord(r.service(), r.kind(), r.strategy(), r.failedAt(),
                r.start(), ms, r.outcome(), r.detail());
    }

    /**
     * The attempt on {@code line}, or null when the line is of another type.
     *
     * @throws RuntimeException when the line is not a journal entry (not JSON, a field missing or malformed)
     */
    static RecoveryRecord parse(String line) {
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        if (!TYPE.equals(field(o, "type"))) {
            return null;
        }
        return parse(o);
    }

    /** The attempt in {@code o}, a line whose type is {@value #TYPE}. */
    static RecoveryRecord parse(JsonObject o) {
        return new RecoveryRecord(field(o, "service"), FailureKind.valueOf(field(o, "kind")), field(o, "strategy"),
                Instant.parse(field(o, "failedAt")), Instant.parse(field(o, "start")),
                Duration.ofMillis(Long.parseLong(field(o, "durationMs"))),
                RecoveryRecord.Outcome.valueOf(field(o, "outcome")), field(o, "detail"));
    }

    private static String field(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("no \"" + name + "\"");
        }
        return e.getAsString();
    }
}
