package dev.vigil.api.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a sink is told about one incident: once when it opens ({@link Status#FIRING}) and once
 * when it is resolved ({@link Status#RESOLVED}, the same incident, labels and start, with
 * {@code endsAt} set). Immutable, safe to hand to any thread.
 *
 * @param incident    unique per incident: {@code SYSTEM/SERVICE/N}, the same on its firing and its resolution
 * @param system      the system's name ({@code system.name})
 * @param service     the service the incident is about
 * @param severity    how urgent it is
 * @param status      firing or resolved
 * @param summary     one short line for people: {@code api is FATAL}
 * @param description what happened, and for a resolution how it ended
 * @param startsAt    when the incident opened
 * @param endsAt      when it was resolved; null while it fires
 * @param labels      what alert routing matches on (Alertmanager's labels): {@code alertname},
 *                    {@code system}, {@code service}, {@code severity}, {@code kind} (FATAL or
 *                    RECOVERY_FAILED) and, when known, {@code failure} (CRASHED, UNHEALTHY...)
 */
public record Alert(String incident, String system, String service, Severity severity, Status status,
                    String summary, String description, Instant startsAt, Instant endsAt,
                    Map<String, String> labels) {

    /** How urgent an incident is; {@link #label()} is its lower-case form, as labels write it. */
    public enum Severity {
        /** Vigil is still trying, but a repair did not work. */
        WARNING,
        /** Vigil gave up: the service is FATAL and waits for a person. */
        CRITICAL;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the incident is open or over. */
    public enum Status {
        FIRING, RESOLVED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Alert {
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(startsAt, "startsAt");
        if (status == Status.RESOLVED && endsAt == null) {
            throw new IllegalArgumentException("a resolved alert needs endsAt");
        }
        labels = Map.copyOf(labels);
    }

    /**
     * The alert's fields as every sink writes them, in this order and under these names:
     * {@code status}, {@code incident}, {@code system}, {@code service}, {@code severity},
     * {@code summary}, {@code description}, {@code startsAt} and {@code endsAt} (null while it
     * fires); times in RFC 3339, UTC. One list, so that a webhook's JSON and an exec sink's
     * stdin and environment never disagree. The labels are apart, in {@link #labels()}.
     */
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("status", status.label());
        f.put("incident", incident);
        f.put("system", system);
        f.put("service", service);
        f.put("severity", severity.label());
        f.put("summary", summary);
        f.put("description", description);
        f.put("startsAt", startsAt.toString());
        f.put("endsAt", endsAt == null ? null : endsAt.toString());
        return f;
    }

    /** The same incident, resolved at {@code at}, with how it ended as its description. */
    public Alert resolved(Instant at, String how) {
        return new Alert(incident, system, service, severity, Status.RESOLVED, service + " is healthy again", how,
                startsAt, at, labels);
    }
}
