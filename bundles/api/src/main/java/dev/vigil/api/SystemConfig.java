package dev.vigil.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A complete, validated configuration. Vigil never runs on part of one: a config service
 * is registered only once every service in it has been read and checked.
 *
 * @param name     the system's name
 * @param source   where it was read from (a file path, or a description)
 * @param services every service by name, in dependency order (a service after those it depends on)
 */
public record SystemConfig(String name, String source, Map<String, ServiceDefinition> services) {
    public SystemConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** The services in start order. */
    public List<ServiceDefinition> startOrder() {
        return List.copyOf(services.values());
    }
}
