package dev.vigil.recovery.reassignport.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.port.PortHolder;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.port.PortUnavailableException;
import dev.vigil.api.recovery.Failure;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.recovery.RecoveryOutcome;
import dev.vigil.api.recovery.RecoveryStrategy;
import dev.vigil.api.recovery.ServiceControl;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The reassign-port strategy: on a port conflict, leases another free port for the taken
 * one (the next free port of its range, or any free port for {@code auto} or a port without
 * a range) and starts the service on it. The holder of the old port is never touched.
 * Dependents that refer to the port follow it: the coordinator restarts them after.
 */
@Component(service = RecoveryStrategy.class, property = RecoveryStrategy.NAME_PROPERTY + "=reassign-port")
public final class ReassignPortStrategy implements RecoveryStrategy {

    @Reference
    private ServiceControl control;

    @Reference
    private PortAllocator ports;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemConfig config;

    @Override
    public String name() {
        return "reassign-port";
    }

    @Override
    public Set<FailureKind> handles() {
        return Set.of(FailureKind.PORT_CONFLICT);
    }

    @Override
    public String describe() {
        return "lease another free port of the range (any free port for auto) and start there; the holder is left"
                + " alone; handles [PORT_CONFLICT]";
    }

    @Override
    public RecoveryOutcome recover(Failure failure) {
        ServiceDefinition def = config.services().get(failure.service());
        if (def == null || def.ports().isEmpty()) {
            return RecoveryOutcome.passed("the service has no ports");
        }
        Optional<String> taken = takenPort(def, failure);
        if (taken.isEmpty()) {
            return RecoveryOutcome.passed("none of its ports is held by another process now");
        }
        String name = taken.get();
        PortSpec spec = def.ports().get(name);
        int old = ports.expected(def.name(), name, spec);
        String holder = old > 0 ? ports.holder(old).map(PortHolder::toString).orElse("a process that cannot be seen")
                : "?";
        int next;
        try {
            next = ports.reassign(def.name(), name, spec);
        } catch (PortUnavailableException e) {
            return RecoveryOutcome.passed(e.getMessage());
        }
        String what = "moved port " + name + " from " + old + " (held by " + holder + ") to " + next;
        control.relaunch(def.name(), Duration.ZERO, what);
        return RecoveryOutcome.acted(what);
    }

    /** The port named by the failure, or, after an "address in use" death, the one another process holds. */
    private Optional<String> takenPort(ServiceDefinition def, Failure failure) {
        if (failure.port() != null && def.ports().containsKey(failure.port())) {
            return Optional.of(failure.port());
        }
        Map<Integer, PortHolder> holders = ports.holders();
        for (Map.Entry<String, PortSpec> e : def.ports().entrySet()) {
            int port = ports.expected(def.name(), e.getKey(), e.getValue());
            if (port > 0 && holders.containsKey(port)) {
                return Optional.of(e.getKey());
            }
        }
        return def.ports().size() == 1 ? Optional.of(def.ports().keySet().iterator().next()) : Optional.empty();
    }

    /** The port the service should have now: its lease for this spec, else its preferred port. */
}
