package dev.vigil.api.check;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every check result as it happens, for figures that need each run (a latency
 * histogram, a failure counter) rather than the last state {@link HealthMonitor} keeps.
 * Registered as an OSGi service (whiteboard); the health monitor tells each one it finds.
 *
 * <p>The monitor hands results over on a thread of its own, in the order the checks ended,
 * never on a scheduler or check thread: an observer that is slow or throws delays no check
 * and changes no verdict. When observers fall far behind, the monitor drops results rather
 * than holding them without bound, and counts what it dropped in its {@link HealthMonitor#stats()}
 * ({@code observerDropped}). An implementation should still return quickly; it is called
 * from one thread at a time.
 */
@ConsumerType
public interface CheckObserver {

    /**
     * One run of a check ended.
     *
     * @param service the service checked, or {@code system} for the daemon's own entry
     * @param check   the check's name within its service (its {@code name}, else its type,
     *                {@code type#N} when there are several)
     * @param type    the check's type, such as {@code http}
     * @param result  what the run found, with its latency
     */
    void checked(String service, String check, String type, CheckResult result);
}
