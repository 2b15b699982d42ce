package dev.vigil.api;

/** EventAdmin topics Vigil publishes, and the property keys of their events. */
public final class Topics {
    private Topics() {
    }

    /** A service changed lifecycle state. Properties: service, from, to, message, pid. */
    public static final String SERVICE_STATE = "dev/vigil/service/STATE_CHANGED";
    /** A service's process exited. Properties: service, pid, exitCode, expected. */
    public static final String SERVICE_EXITED = "dev/vigil/service/EXITED";
    /** A service's health changed. Properties: service, from, to, cause. */
    public static final String HEALTH_CHANGED = "dev/vigil/health/CHANGED";
    /** A configuration was loaded and is in force. Properties: source, services. */
    public static final String CONFIG_LOADED = "dev/vigil/config/LOADED";
    /** The config file was unusable at start; Vigil runs on the last-known-good copy. Properties: source, error. */
    public static final String CONFIG_FALLBACK = "dev/vigil/config/FALLBACK";
    /** A configuration was rejected. Properties: source, error. */
    public static final String CONFIG_REJECTED = "dev/vigil/config/REJECTED";

    public static final String SERVICE = "service";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String MESSAGE = "message";
    public static final String PID = "pid";
    public static final String EXIT_CODE = "exitCode";
    public static final String EXPECTED = "expected";
    public static final String CAUSE = "cause";
    public static final String SOURCE = "source";
    public static final String ERROR = "error";
}
