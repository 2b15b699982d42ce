package dev.vigil.api.check;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a check is asked to look at.
 *
 * @param service    the service being checked
 * @param pid        its process id, or -1 when it has none
 * @param ports      its named ports
 * @param parameters the check's own parameters from the config, {@code ${port.NAME}} filled in
 * @param timeout    how long the check may take before it counts as failed
 */
public record CheckRequest(String service, long pid, Map<String, Integer> ports,
                           Parameters parameters, Duration timeout) {
    public CheckRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(timeout, "timeout");
        ports = Map.copyOf(ports);
        Objects.requireNonNull(parameters, "parameters");
    }
}
