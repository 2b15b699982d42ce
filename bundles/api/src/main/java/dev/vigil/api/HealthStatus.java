package dev.vigil.api;

/** Health of a check or a service, ordered from best to worst so that the worst one wins. */
public enum HealthStatus {
    UP, DEGRADED, UNKNOWN, DOWN;

    /** The worse of the two. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
