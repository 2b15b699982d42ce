package dev.vigil.api.port;

import java.time.Instant;
import java.util.Objects;

/**
 * A port given to a service: a lease that the service keeps across its restarts and
 * across daemon restarts, until the port becomes unavailable.
 *
 * @param service  the service
 * @param name     the port's name in the service, such as {@code http}
 * @param port     the port it was given
 * @param spec     what it asked for
 * @param since    when it was first given this port
 * @param reason   why it got this port when the lease was made, for people: "preferred",
 *                 "8000 was held by pid 42 (nginx); took next free port of 8000-8099"...
 */
public record PortAssignment(String service, String name, int port, PortSpec spec, Instant since, String reason) {
    public PortAssignment {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether the service got another port than the one it preferred. */
    public boolean moved() {
        return spec.preferred() != 0 && spec.preferred() != port;
    }
}
