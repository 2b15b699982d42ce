package dev.vigil.api;

import java.util.Map;
import java.util.Objects;

/**
 * One health check as configured for a service: its type name (which selects the
 * {@link dev.vigil.api.check.CheckType} that runs it) and its parameters as read from
 * the config. Immutable.
 */
public record CheckSpec(String type, Map<String, Object> parameters) {
    public CheckSpec {
        Objects.requireNonNull(type, "type");
        parameters = Map.copyOf(parameters);
    }
}
