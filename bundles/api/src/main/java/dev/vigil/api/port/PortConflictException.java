package dev.vigil.api.port;

import java.util.Objects;
import java.util.Optional;

/**
 * The port a service should have (its lease, or its preferred port) is taken. The
 * allocator never moves a service on its own: recovery decides whether to evict the
 * holder, take another port, or wait.
 */
public final class PortConflictException extends PortUnavailableException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final String portName;
    private final int port;
    private final transient PortHolder holder;

    /**
     * @param holder who listens on the port, or null when it cannot be seen
     */
    public PortConflictException(String service, String portName, int port, PortHolder holder) {
        super("port " + service + "." + portName + " (" + port + ") is " + (holder == null
                ? "taken by a process that cannot be seen (another user's, or a socket not listening)"
                : holder.commandLine().startsWith("leased to ") ? holder.commandLine() : "taken by " + holder));
        this.service = Objects.requireNonNull(service, "service");
        this.portName = Objects.requireNonNull(portName, "portName");
        this.port = port;
        this.holder = holder;
    }

    public String service() {
        return service;
    }

    /** The port's name in the service, such as {@code http}. */
    public String portName() {
        return portName;
    }

    public int port() {
        return port;
    }

    public Optional<PortHolder> holder() {
        return Optional.ofNullable(holder);
    }
}
