package dev.vigil.api.recovery;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One way of repairing a failed service (restart, reassign-port...). Each is an OSGi
 * service found by {@link #name()}; a service's {@code recovery} list names the strategies
 * to try, in order, for the kinds each one {@link #handles()}. A strategy acts through the
 * api's services ({@link ServiceControl}, {@link dev.vigil.api.port.PortAllocator},
 * {@link ConfigControl}...), which it references itself.
 *
 * <p>The coordinator calls one strategy at a time per service, never two for the same
 * service at once. Implementations must be thread-safe across services; {@link #recover}
 * may block for as long as its action takes (a backoff delay included) and must not throw
 * for an ordinary failure to repair: it returns {@link RecoveryOutcome.Action#PASSED} when it
 * does not apply. A thrown exception counts as a failed attempt.
 */
@ConsumerType
public interface RecoveryStrategy {

    /** Service property carrying the strategy name. */
    String NAME_PROPERTY = "vigil.recovery.strategy";

    /** The name used in the config, such as {@code restart}. Constant for the life of the service. */
    String name();

    /** The failure kinds this strategy can act on. */
    Set<FailureKind> handles();

    /** One line for {@code vigil:strategies}: what it does. */
    default String describe() {
        return "handles " + handles();
    }

    /** Acts on the failure; the coordinator verifies the result. */
    RecoveryOutcome recover(Failure failure);
}
