package dev.vigil.api.recovery;

/** What went wrong with a service; strategies declare which kinds they can repair. */
public enum FailureKind {
    /** Its process exited without Vigil stopping it. */
    CRASHED,
    /** Its checks turned it DOWN while its process runs (a hung process included). */
    UNHEALTHY,
    /** A port it should have was taken at its start, or it died with "Address already in use". */
    PORT_CONFLICT,
    /** A config change was invalid and was refused. */
    CONFIG_INVALID,
    /** A service it depends on is DOWN; never repaired by restarting it. */
    DEPENDENCY_DOWN
}
