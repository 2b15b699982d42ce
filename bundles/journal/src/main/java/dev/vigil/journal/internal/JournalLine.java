package dev.vigil.journal.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reads one journal line of any type: a recovery attempt or a history event. */
final class JournalLine {
    private JournalLine() {
    }

    /**
     * The {@link dev.vigil.api.journal.RecoveryRecord} or {@link dev.vigil.api.journal.HistoryEvent}
     * on {@code line}, or null for a line of a type this version does not know (a newer Vigil's).
     *
     * @throws RuntimeException when the line is not a journal entry (not JSON, a field missing or malformed)
     */
    static Object parse(String line) {
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        JsonElement type = o.get("type");
        if (type == null || !type.isJsonPrimitive()) {
            throw new IllegalArgumentException("no \"type\"");
        }
        return switch (type.getAsString()) {
            case RecoveryLine.TYPE -> RecoveryLine.parse(o);
            case EventLine.TYPE -> EventLine.parse(o);
            default -> null;
        };
    }
}
