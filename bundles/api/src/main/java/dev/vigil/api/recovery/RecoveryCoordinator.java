package dev.vigil.api.recovery;

import dev.vigil.api.journal.RecoveryRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one place that decides how to repair: it turns events into {@link Failure}s, runs a
 * service's strategies in order, verifies each action and records it in the journal.
 * Provided by the coordinator bundle; thread-safe.
 */
@ProviderType
public interface RecoveryCoordinator {

    /**
     * One pass of detection and recovery, as {@code vigil recover}: looks at every service
     * now, hands each failure found to its strategies (a FATAL service included, as an
     * operator asking for recovery would), and waits for those and any recovery already
     * under way to end, at most {@code timeout}.
     */
    Sweep sweep(Duration timeout);

    /** The services being recovered right now, with the strategy at work. */
    Map<String, String> active();

    /**
     * What a sweep found and did.
     *
     * @param found      every failure it saw
     * @param attempts   every attempt that ended during the sweep, in order
     * @param unhealthy  the services still not healthy at its end, with why
     * @param timedOut   whether it stopped waiting before every recovery ended
     */
    record Sweep(List<Failure> found, List<RecoveryRecord> attempts, Map<String, String> unhealthy,
                 boolean timedOut) {
        public Sweep {
            found = List.copyOf(found);
            attempts = List.copyOf(attempts);
            unhealthy = Map.copyOf(unhealthy);
            Objects.requireNonNull(found);
        }
    }
}
