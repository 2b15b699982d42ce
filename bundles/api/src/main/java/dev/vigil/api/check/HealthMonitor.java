package dev.vigil.api.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs the checks of every service and keeps their state. Provided by the monitor
 * bundle; thread-safe. Changes of a service's status are also posted on EventAdmin
 * ({@link dev.vigil.api.Topics#HEALTH_CHANGED}).
 */
@ProviderType
public interface HealthMonitor {

    /** Every service's health, in start order, then the daemon's own {@code system} entry. */
    List<ServiceHealth> all();

    /** One service's health (or {@code system}), if it exists. */
    Optional<ServiceHealth> service(String name);

    /**
     * Runs every check of a service as soon as possible, instead of at its next due time, so
     * that a repair is verified (or a failure confirmed) without waiting out an interval.
     * Returns at once; the results arrive as usual. Unknown names are ignored.
     */
    void recheck(String service);

    /**
     * Figures on the scheduler for operators and benchmarks: checks run, checks skipped
     * because the previous run was still going, lateness against schedule (p50, p99, max, in
     * milliseconds) over the recent runs.
     */
    Map<String, Number> stats();
}
