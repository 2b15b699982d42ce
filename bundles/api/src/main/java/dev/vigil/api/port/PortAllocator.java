package dev.vigil.api.port;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Gives services ports that are really free, by binding them before the service starts,
 * and keeps the assignments as leases in the data directory. Provided by the ports bundle;
 * thread-safe.
 */
@ProviderType
public interface PortAllocator {

    /**
     * Gives each named port of a service the port it should have, checked free by binding it:
     * its lease when it has one for the same spec, else its preferred port, else (no
     * preferred port) the first free one of its range or any free port. It never moves a
     * service off a port it should have: that is {@link #reassign}'s, which recovery calls.
     * Leases are saved atomically.
     *
     * @return port number by name
     * @throws PortConflictException when the port a service should have is taken, naming the
     *         holder; no lease of the service changes then
     * @throws PortUnavailableException when a range has no free port at all
     */
    Map<String, Integer> allocate(String service, Map<String, PortSpec> ports) throws PortUnavailableException;

    /**
     * Leases another port for one port of a service, because the one it has is taken: the
     * next free one of its range, or any free port when it has no range (or is
     * {@code auto}). Logged as a warning naming the service, the old and new port, and who
     * holds the old one. The lease is saved atomically; the service gets the new port at
     * its next {@link #allocate}.
     *
     * @return the new port
     * @throws PortUnavailableException when no other port of its range is free; the lease
     *         does not change then
     */
    int reassign(String service, String portName, PortSpec spec) throws PortUnavailableException;

    /**
     * The port a service should have now for one of its ports, as {@link #allocate} would try
     * it: its lease for the same spec, else its preferred port; 0 when it has neither (an
     * {@code auto} port or a bare range not given yet).
     */
    int expected(String service, String portName, PortSpec spec);

    /** Forgets the leases of a service that no longer exists. */
    void release(String service);

    /** Every current assignment, by service then port name. */
    List<PortAssignment> assignments();

    /**
     * The ports that could not be given at a service's last start, by {@code service.port},
     * with why; a later successful allocation of that service clears its entries.
     */
    Map<String, String> unavailable();

    /** Who listens on a port on this host, if anyone can be seen to. */
    Optional<PortHolder> holder(int port);

    /** Every listener of this host by port, from one look: for reports on many ports at once. */
    Map<Integer, PortHolder> holders();

    /**
     * What an operator must know about the allocator itself: the leases that could not be
     * saved (a full disk), so that a restart would not find the ports given since. Empty when
     * all is well.
     */
    default List<String> notices() {
        return List.of();
    }
}
