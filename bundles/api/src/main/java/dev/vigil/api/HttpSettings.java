package dev.vigil.api;

import dev.vigil.api.port.PortSpec;
import java.util.Objects;

/**
 * Where the daemon's own HTTP endpoint listens ({@code system.http}). Its port is leased
 * through the port allocator like a service's, under the name {@link #LEASE_SERVICE}, so a
 * taken port moves within the range instead of failing.
 *
 * @param enabled whether the endpoint is served at all ({@code "enabled": false} turns it off)
 * @param bind    the address to listen on: loopback unless the operator says otherwise
 * @param port    the port asked for, with the range a replacement may come from
 */
public record HttpSettings(boolean enabled, String bind, PortSpec port) {
    /** The name the HTTP endpoint's port lease is kept under, with port name {@code http}. */
    public static final String LEASE_SERVICE = "vigil";
    /** Loopback on 7070, moving within 7070-7099 when it is taken. */
    public static final HttpSettings DEFAULT = new HttpSettings(true, "127.0.0.1", new PortSpec(7070, 7070, 7099));

    public HttpSettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(port, "port");
    }
}
