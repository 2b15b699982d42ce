package dev.vigil.config.internal;

import java.util.Set;

/** Every key the config format knows, by place; the JSON schema test holds the schema to these. */
final class ConfigKeys {
    static final Set<String> ROOT = Set.of("system", "defaults", "services", "alerts");
    static final Set<String> SYSTEM = Set.of("name", "http", "history");
    static final Set<String> HISTORY = Set.of("maxSize", "files", "keep");
    static final Set<String> HTTP = Set.of("enabled", "bind", "port");
    /** The keys every alert sink has; the rest are the sink type's own. */
    static final Set<String> ALERT = Set.of("type", "name");
    static final Set<String> DEFAULTS = Set.of("restart", "stopTimeout", "check", "recovery", "user", "group", "log");
    static final Set<String> SERVICE = Set.of("command", "cwd", "env", "ports", "checks",
            "dependsOn", "recovery", "verifyTimeout", "restart", "stopTimeout", "autostart", "user", "group", "log", "instances");
    static final Set<String> LOG = Set.of("maxSize", "files");
    /** {@code defaults.recovery}; a service's {@code recovery} is a list of strategy names instead. */
    static final Set<String> RECOVERY = Set.of("verifyTimeout");
    static final Set<String> RESTART = Set.of("backoff", "maxRestarts", "window", "stableAfter");
    static final Set<String> PORT = Set.of("preferred", "range");
    /** What every check has; any other key of a check belongs to its type. */
    static final Set<String> CHECK = Set.of("type", "name", "interval", "retryInterval", "timeout",
            "failureThreshold", "successThreshold", "startPeriod", "critical");
    static final Set<String> CHECK_DEFAULTS = Set.of("interval", "retryInterval", "timeout", "failureThreshold",
            "successThreshold", "startPeriod");

    private ConfigKeys() {
    }
}
