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
     * Gives each named port of a service a free port: its lease if it still has one and the
     * port is free, else the preferred port if free, else the next free one of its range (or
     * any free port when it has no range). A replacement is logged as a warning naming the
     * service, the old and new port, and who holds the old one. Leases are saved atomically.
     *
     * @return port number by name
     * @throws PortUnavailableException when a port and its whole range are taken; no lease
     *         of the service changes then
     */
    Map<String, Integer> allocate(String service, Map<String, PortSpec> ports) throws PortUnavailableException;

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
}
