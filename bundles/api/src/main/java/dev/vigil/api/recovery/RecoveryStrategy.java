package dev.vigil.api.recovery;

import dev.vigil.api.Supervisor;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One way of repairing a failed service (restart, reassign-port...). Each is an OSGi
 * service found by {@link #name()}; a service's {@code recovery} list names the strategies
 * to try, in order, for the kinds each one {@link #handles()}.
 *
 * <p>Implementations must be thread-safe; {@link #recover} may block for as long as the
 * repair takes and must not throw for an ordinary failure to repair (return an outcome).
 */
@ConsumerType
public interface RecoveryStrategy {

    /** Service property carrying the strategy name. */
    String NAME_PROPERTY = "vigil.recovery.strategy";

    /** The name used in the config, such as {@code restart}. */
    String name();

    /** The failure kinds this strategy can act on. */
    Set<FailureKind> handles();

    /** Attempts a repair of the failure using the supervisor. */
    RecoveryOutcome recover(Failure failure, Supervisor supervisor);
}
