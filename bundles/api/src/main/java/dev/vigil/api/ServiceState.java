package dev.vigil.api;

/** Lifecycle state of one supervised service; a service is in exactly one at a time. */
public enum ServiceState {
    /** Not running, and not meant to be until someone starts it. */
    STOPPED,
    /** Its process was launched and has not yet stayed up long enough to count as running. */
    STARTING,
    /** Its process is up; health (UP, DEGRADED, DOWN) is reported separately. */
    RUNNING,
    /**
     * It exited or failed to launch while it was meant to run; recovery decides what follows
     * (a restart after a delay, another port...) and the message says what it decided.
     */
    BACKOFF,
    /** It failed too often; Vigil gave up and waits for an operator. */
    FATAL
}
