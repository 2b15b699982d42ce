package dev.vigil.api;

/** EventAdmin topics Vigil publishes, and the property keys of their events. */
public final class Topics {
    private Topics() {
    }

    /**
     * A service changed lifecycle state. Properties: service, from, to, message, pid, and
     * operator (true when an operator's start, stop or restart caused it).
     */
    public static final String SERVICE_STATE = "dev/vigil/service/STATE_CHANGED";
    /**
     * A service's process exited, or its launch failed. Properties: service, pid (-1 when
     * nothing was launched), exitCode (absent when killed by a signal or never launched),
     * signal (when killed by one), upMillis, expected (true when Vigil stopped it),
     * portConflict (true when the launch failed on a taken port, or the process died saying
     * "Address already in use"), port (the port's name, with portConflict), message.
     */
    public static final String SERVICE_EXITED = "dev/vigil/service/EXITED";
    /** A recovery attempt ended. Properties: service, kind, strategy, outcome, message, millis. */
    public static final String RECOVERY = "dev/vigil/recovery/ATTEMPT";
    /**
     * A service's port was moved to another one (recovery's reassign-port). Properties:
     * service, port (the port's name), from and to (the port numbers, Integer; from is 0
     * when it had none), message.
     */
    public static final String PORT_REASSIGNED = "dev/vigil/port/REASSIGNED";
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
    public static final String OPERATOR = "operator";
    public static final String SIGNAL = "signal";
    public static final String UP_MILLIS = "upMillis";
    public static final String PORT_CONFLICT = "portConflict";
    public static final String PORT = "port";
    public static final String ERROR = "error";
}
