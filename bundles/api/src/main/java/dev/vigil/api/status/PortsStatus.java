package dev.vigil.api.status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every port assignment of the system, tested, with its conflicts; immutable.
 *
 * @param at        when it was tested
 * @param entries   one per assignment, by service then port name
 * @param conflicts what needs an operator, one line each: a port not answering while its
 *                  service runs, a port held by another process, a service moved off a port
 *                  someone else holds, a port that could not be given at all
 * @param notes     what is worth knowing and is not a conflict (a lease kept on purpose...)
 */
public record PortsStatus(Instant at, List<PortEntry> entries, List<String> conflicts, List<String> notes) {
    public PortsStatus {
        Objects.requireNonNull(at, "at");
        entries = List.copyOf(entries);
        conflicts = List.copyOf(conflicts);
        notes = List.copyOf(notes);
    }

    /** The exit code of {@code vigil ports}: 0 without conflicts, else 1. */
    public int exitCode() {
        return conflicts.isEmpty() ? 0 : 1;
    }
}
