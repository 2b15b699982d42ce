package dev.vigil.api.status;

/**
 * The system's verdict, ordered from best to worst so that the worst one wins, with the
 * exit code {@code vigil status} returns for it.
 */
public enum Verdict {
    /** Every service is running and healthy: exit 0. */
    PASS,
    /** Something needs a look but nothing is broken (a service stopped on purpose, starting, DEGRADED, a notice): exit 1. */
    WARN,
    /** A service is DOWN or gave up (FATAL): exit 2. */
    FAIL;

    /** The CLI's exit code: 0, 1 or 2. */
    public int exitCode() {
        return ordinal();
    }

    /** The lower-case name used in JSON ({@code pass}, {@code warn}, {@code fail}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The worse of the two. */
    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
