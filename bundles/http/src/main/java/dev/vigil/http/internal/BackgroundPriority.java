package dev.vigil.http.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serving HTTP gives way to the checks: a thread that serves a request runs, from its first
 * request on, at a nice value {@code by} above the daemon's. Linux keeps a nice value per
 * thread, so only Jetty's threads are affected; a flood of scrapes then takes what the checks
 * leave of the CPU, not the other way round. An unprivileged process cannot take that back,
 * which is why the supervisor spawns a service asked for from such a thread from one of its own.
 */
final class BackgroundPriority {
    /** Framework or system property: how far HTTP threads are lowered, 0 to 19; 0 leaves them as they are. */
    static final String PROPERTY = "vigil.http.nice";
    static final int DEFAULT = 10;
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final int PRIO_PROCESS = 0;
    private static final int MAX_NICE = 19;

    interface C extends Library {
        int getpriority(int which, int who);

        int setpriority(int which, int who, int prio);
    }

    private final int target;
    private final C c;
    /** Whether this thread was lowered by this instance (a bundle update makes another). */
    private final ThreadLocal<Boolean> lowered = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private BackgroundPriority(C c, int target) {
        this.c = c;
        this.target = target;
    }

    /** Lowering by {@code by}; null when it is 0 or the system offers no per-thread nice value. */
    static BackgroundPriority of(int by) {
        if (by <= 0) {
            return null;
        }
        try {
            C c = Native.load("c", C.class);
            // The nice value of the main thread, whose tid is the pid: the daemon's own.
            int daemon = c.getpriority(PRIO_PROCESS, (int) ProcessHandle.current().pid());
            return new BackgroundPriority(c, Math.min(MAX_NICE, daemon + by));
        } catch (LinkageError e) {
            LOG.warn("HTTP: cannot lower the priority of the threads that serve requests ({}); they keep the"
                    + " daemon's", e.toString());
            return null;
        }
    }

    /** Parses {@link #PROPERTY}: a whole number from 0 to 19, {@link #DEFAULT} when unset. */
    static int parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0 && n <= MAX_NICE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        LOG.warn("HTTP: {} must be a whole number from 0 (leave HTTP threads as they are) to {}, found \"{}\";"
                + " using {}", PROPERTY, MAX_NICE, value, DEFAULT);
        return DEFAULT;
    }

    int target() {
        return target;
    }

    /** Lowers the calling thread, once; a thread already at or below the target is left as it is. */
    void lowerThisThread() {
        if (lowered.get()) {
            return;
        }
        lowered.set(Boolean.TRUE);
        if (c.getpriority(PRIO_PROCESS, 0) < target && c.setpriority(PRIO_PROCESS, 0, target) != 0) {
            LOG.debug("HTTP: setpriority failed with errno {}", Native.getLastError());
        }
    }
}
