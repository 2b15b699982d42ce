package dev.vigil.http.internal;

import dev.vigil.api.HttpSettings;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortConflictException;
import dev.vigil.api.port.PortUnavailableException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint's port, leased like a service's under {@link HttpSettings#LEASE_SERVICE}: its
 * lease or its preferred port when free, else the next free one of its range.
 *
 * @param port   the port to serve on, or -1 when none could be had
 * @param notice what an operator must know (the endpoint moved, and who holds its port; or
 *               why it has none), or null
 */
record HttpLease(int port, String notice) {
    static final String PORT_NAME = "http";
    private static final Logger LOG = LoggerFactory.getLogger(HttpLease.class);

    static HttpLease take(PortAllocator ports, HttpSettings s) {
        Map<String, dev.vigil.api.port.PortSpec> spec = Map.of(PORT_NAME, s.port());
        try {
            try {
                ports.allocate(HttpSettings.LEASE_SERVICE, spec);
            } catch (PortConflictException e) {
                String holder = e.holder().map(Object::toString).orElse("a process that cannot be seen");
                int moved = ports.reassign(HttpSettings.LEASE_SERVICE, PORT_NAME, s.port());
                LOG.warn("HTTP: port {} is held by {}; the endpoint moves to {} (system.http.port {})",
                        e.port(), holder, moved, s.port());
                ports.allocate(HttpSettings.LEASE_SERVICE, spec);
            }
        } catch (PortUnavailableException e) {
            return new HttpLease(-1, "the HTTP endpoint is not served: " + e.getMessage()
                    + " (system.http.port in the config)");
        }
        PortAssignment a = ports.assignments().stream()
                .filter(x -> x.service().equals(HttpSettings.LEASE_SERVICE) && x.name().equals(PORT_NAME))
                .findFirst().orElseThrow(() -> new IllegalStateException("the port allocator kept no lease for "
                        + HttpSettings.LEASE_SERVICE + "." + PORT_NAME));
        String notice = a.moved() ? "the HTTP endpoint serves on " + s.bind() + ":" + a.port() + " instead of its preferred "
                + s.port().preferred() + " (" + a.reason() + "); it keeps this port, its lease in data/ports.json,"
                + " until that is taken too: point clients at it, or free the port and change system.http.port" : null;
        return new HttpLease(a.port(), notice);
    }
}
