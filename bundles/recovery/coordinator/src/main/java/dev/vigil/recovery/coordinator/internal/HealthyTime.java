package dev.vigil.recovery.coordinator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How long each service has been (or last was) healthy, from its health changes: what a
 * restart backoff needs to know whether the run before a failure was stable. The last
 * healthy spell is handed to one failure only, so a long spell resets the backoff once.
 * Thread-safe.
 */
final class HealthyTime {
    private final Map<String, Instant> since = new HashMap<>();
    private final Map<String, Duration> lastSpell = new HashMap<>();
    private final Map<String, Instant> lastUp = new HashMap<>();

    synchronized void up(String service, Instant now) {
        since.putIfAbsent(service, now);
        lastUp.put(service, now);
    }

    /** When the service was last seen becoming healthy, or null. */
    synchronized Instant lastUp(String service) {
        return lastUp.get(service);
    }

    synchronized void down(String service, Instant now) {
        Instant s = since.remove(service);
        if (s != null) {
            lastSpell.put(service, Duration.between(s, now));
        }
    }

    /** The spell of health that ended with this failure (or goes on), or zero; forgotten once asked for. */
    synchronized Duration consume(String service, Instant now) {
        Instant s = since.remove(service);
        Duration spell = s != null ? Duration.between(s, now) : lastSpell.remove(service);
        lastSpell.remove(service);
        return spell == null ? Duration.ZERO : spell;
    }
}
