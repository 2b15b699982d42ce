package dev.vigil.api.port;

/**
 * A port a service asks for: a preferred number (0 for any free port) and the range a
 * replacement may come from when the preferred one is taken.
 *
 * <p>In the config: {@code 8000} (prefer 8000, else any free port), {@code "auto"} (any
 * free port), or {@code {"preferred": 8000, "range": "8000-8099"}} (prefer 8000, else the
 * next free one in the range).
 *
 * @param preferred the port to use when it is free, 1-65535, or 0 for none
 * @param low       lowest port a replacement may have, or 0 for the system's choice
 * @param high      highest port a replacement may have, or 0 for the system's choice
 */
public record PortSpec(int preferred, int low, int high) {
    public PortSpec {
        if (preferred < 0 || preferred > 65535) {
            throw new IllegalArgumentException("preferred port " + preferred + " is outside 1-65535");
        }
        if ((low == 0) != (high == 0) || low < 0 || high > 65535 || low > high) {
            throw new IllegalArgumentException("port range " + low + "-" + high + " is not LOW-HIGH within 1-65535");
        }
        if (preferred != 0 && low != 0 && (preferred < low || preferred > high)) {
            throw new IllegalArgumentException("preferred port " + preferred + " is outside its range " + low + "-" + high);
        }
    }

    /** Prefer {@code port}, else any free port. */
    public static PortSpec of(int port) {
        return new PortSpec(port, 0, 0);
    }

    /** Any free port. */
    public static PortSpec auto() {
        return new PortSpec(0, 0, 0);
    }

    public boolean hasRange() {
        return low != 0;
    }

    @Override
    public String toString() {
        if (preferred == 0 && !hasRange()) {
            return "auto";
        }
        return (preferred == 0 ? "any" : Integer.toString(preferred)) + (hasRange() ? " in " + low + "-" + high : "");
    }
}
