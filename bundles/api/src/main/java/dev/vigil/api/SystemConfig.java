package dev.vigil.api;

import dev.vigil.api.alert.AlertSpec;
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
 * @param notices  what an operator must know about this config, one line each: running on
 *                 a last-known-good copy, a rejected reload, a service bundle refused...
 * @param http     where the daemon's HTTP endpoint listens ({@code system.http})
 * @param alerts   the alert sinks, in the order given ({@code alerts}); the log always gets alerts too
 * @param history  how the journal rotates and keeps the history ({@code system.history})
 * @param scaledFrom the services that {@code vigil:scale} runs with other copies than the file's
 *                   {@code instances}, by name, each with the number the file gives
 */
public record SystemConfig(String name, String source, Map<String, ServiceDefinition> services,
                           List<String> notices, HttpSettings http, List<AlertSpec> alerts,
                           HistorySettings history, Map<String, Integer> scaledFrom) {
    /** Service property naming a last-known-good fallback's reason, when the config is one. */
    public static final String FALLBACK_PROPERTY = "vigil.config.fallback";

    public SystemConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        notices = List.copyOf(notices);
        Objects.requireNonNull(http, "http");
        alerts = List.copyOf(alerts);
        Objects.requireNonNull(history, "history");
        scaledFrom = Collections.unmodifiableMap(new LinkedHashMap<>(scaledFrom));
    }

    public SystemConfig(String name, String source, Map<String, ServiceDefinition> services, List<String> notices,
                        HttpSettings http, List<AlertSpec> alerts, HistorySettings history) {
        this(name, source, services, notices, http, alerts, history, Map.of());
    }

    /** A config with the default history settings. */
    public SystemConfig(String name, String source, Map<String, ServiceDefinition> services, List<String> notices,
                        HttpSettings http, List<AlertSpec> alerts) {
        this(name, source, services, notices, http, alerts, HistorySettings.DEFAULT);
    }

    /** A config with the default HTTP endpoint and history, and no alert sinks but the log. */
    public SystemConfig(String name, String source, Map<String, ServiceDefinition> services, List<String> notices) {
        this(name, source, services, notices, HttpSettings.DEFAULT, List.of(), HistorySettings.DEFAULT);
    }

    /** The services in start order. */
    public List<ServiceDefinition> startOrder() {
        return List.copyOf(services.values());
    }

    /** The same config with other services and notices. */
    public SystemConfig with(Map<String, ServiceDefinition> otherServices, List<String> otherNotices) {
        return new SystemConfig(name, source, otherServices, otherNotices, http, alerts, history, scaledFrom);
    }
}
