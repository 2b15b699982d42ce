package dev.vigil.journal.internal;

import dev.vigil.api.ServiceState;
import dev.vigil.api.Topics;
import dev.vigil.api.journal.HistoryEvent;
import dev.vigil.api.journal.HistoryEvent.Kind;
import dev.vigil.api.journal.RecoveryRecord;
import java.time.Instant;
import java.util.List;
import org.osgi.service.event.Event;

/** What each EventAdmin event Vigil posts becomes in the history. */
final class HistoryEvents {
    /** The topics the journal listens to. */
    static final List<String> TOPICS = List.of(Topics.SERVICE_STATE, Topics.SERVICE_EXITED, Topics.HEALTH_CHANGED,
            Topics.PORT_REASSIGNED, Topics.CONFIG_LOADED, Topics.CONFIG_FALLBACK, Topics.CONFIG_REJECTED);

    private HistoryEvents() {
    }

    /**
     * The history event for {@code e}, seen at {@code now}, or null for one that is not history.
     * Recovery attempts are not taken from events: the journal records them itself.
     */
    static HistoryEvent of(Event e, Instant now) {
        String service = text(e, Topics.SERVICE);
        return switch (e.getTopic()) {
            case Topics.SERVICE_STATE -> state(e, service, now);
            case Topics.SERVICE_EXITED -> exit(e, service, now);
            case Topics.HEALTH_CHANGED -> service == null ? null : new HistoryEvent(now, service, Kind.HEALTH,
                    text(e, Topics.FROM), text(e, Topics.TO), or(text(e, Topics.CAUSE), "health changed"));
            case Topics.PORT_REASSIGNED -> service == null ? null : new HistoryEvent(now, service, Kind.PORT,
                    text(e, Topics.FROM), text(e, Topics.TO), or(text(e, Topics.MESSAGE),
                    "port " + text(e, Topics.PORT) + " moved from " + text(e, Topics.FROM) + " to " + text(e, Topics.TO)));
            case Topics.CONFIG_LOADED -> new HistoryEvent(now, null, Kind.CONFIG_LOADED, null, null,
                    "loaded " + text(e, Topics.SOURCE) + " (" + or(text(e, "services"), "?") + " services)");
            case Topics.CONFIG_FALLBACK -> new HistoryEvent(now, null, Kind.CONFIG_REFUSED, null, null,
                    text(e, Topics.SOURCE) + " is unusable, running on its last-known-good copy: " + text(e, Topics.ERROR));
            case Topics.CONFIG_REJECTED -> new HistoryEvent(now, null, Kind.CONFIG_REFUSED, null, null,
                    "refused " + text(e, Topics.SOURCE) + ": " + text(e, Topics.ERROR));
            default -> null;
        };
    }

    /** A recovery attempt as history, or null for a skipped one (it did nothing). */
    static HistoryEvent of(RecoveryRecord r) {
        if (r.outcome() == RecoveryRecord.Outcome.SKIPPED) {
            return null;
        }
        return new HistoryEvent(r.end(), r.service(), Kind.RECOVERY, r.strategy(), r.outcome().name(),
                r.strategy() + " on " + r.kind().name().toLowerCase().replace('_', ' ') + ": " + r.outcome().name()
                        .toLowerCase().replace('_', ' ') + " (" + r.detail() + ")");
    }

    /** A state change; one that starts a service again after it ran (not from STOPPED) is a restart. */
    private static HistoryEvent state(Event e, String service, Instant now) {
        String from = text(e, Topics.FROM);
        String to = text(e, Topics.TO);
        if (service == null || to == null) {
            return null;
        }
        boolean restart = ServiceState.STARTING.name().equals(to) && from != null
                && !ServiceState.STOPPED.name().equals(from);
        String message = or(text(e, Topics.MESSAGE), from + " -> " + to);
        if (Boolean.TRUE.equals(e.getProperty(Topics.OPERATOR))) {
            message += " (operator)";
        }
        return new HistoryEvent(now, service, restart ? Kind.RESTART : Kind.STATE, from, to, message);
    }

    private static HistoryEvent exit(Event e, String service, Instant now) {
        if (service == null) {
            return null;
        }
        String code = text(e, Topics.EXIT_CODE);
        String signal = text(e, Topics.SIGNAL);
        String to = signal != null ? "signal " + signal : code != null ? "exit " + code : null;
        String message = or(text(e, Topics.MESSAGE), to == null ? "exited" : to);
        if (Boolean.TRUE.equals(e.getProperty(Topics.EXPECTED))) {
            message += " (stopped by Vigil)";
        }
        return new HistoryEvent(now, service, Kind.EXIT, null, to, message);
    }

    private static String text(Event e, String key) {
        Object v = e.getProperty(key);
        return v == null ? null : String.valueOf(v);
    }

    private static String or(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }
}
