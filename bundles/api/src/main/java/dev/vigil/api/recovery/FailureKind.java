package dev.vigil.api.recovery;

/** What went wrong with a service; strategies declare which kinds they can repair. */
public enum FailureKind {
    CRASHED, UNHEALTHY, PORT_CONFLICT, CONFIG_INVALID, DEPENDENCY_DOWN
}
