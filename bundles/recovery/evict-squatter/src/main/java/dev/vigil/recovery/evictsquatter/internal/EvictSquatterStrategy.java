package dev.vigil.recovery.evictsquatter.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.port.PortHolder;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.recovery.Failure;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.recovery.RecoveryOutcome;
import dev.vigil.api.recovery.RecoveryStrategy;
import dev.vigil.api.recovery.ServiceControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The evict-squatter strategy: on a port conflict, when the holder of the service's port is
 * a stale copy of this same service (one a crashed daemon left running, known by the marker
 * Vigil puts into every service's environment, and run by the same user), stops it and
 * starts the service on its own port. Any other holder is left alone and named, and the
 * next strategy is tried.
 */
@Component(service = RecoveryStrategy.class, property = RecoveryStrategy.NAME_PROPERTY + "=evict-squatter")
public final class EvictSquatterStrategy implements RecoveryStrategy {

    @Reference
    private ServiceControl control;

    @Reference
    private PortAllocator ports;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemConfig config;

    @Override
    public String name() {
        return "evict-squatter";
    }

    @Override
    public Set<FailureKind> handles() {
        return Set.of(FailureKind.PORT_CONFLICT);
    }

    @Override
    public String describe() {
        return "stop a stale copy of the service itself (Vigil's marker in its environment, same user) holding its"
                + " port, then start on its own port; any other holder is left alone; handles [PORT_CONFLICT]";
    }

    @Override
    public RecoveryOutcome recover(Failure failure) {
        ServiceDefinition def = config.services().get(failure.service());
        if (def == null || def.ports().isEmpty()) {
            return RecoveryOutcome.passed("the service has no ports");
        }
        Map<Integer, PortHolder> holders = ports.holders();
        List<String> evicted = new ArrayList<>();
        List<String> leftAlone = new ArrayList<>();
        for (Map.Entry<String, PortSpec> e : def.ports().entrySet()) {
            if (failure.port() != null && !failure.port().equals(e.getKey())) {
                continue;
            }
            int port = ports.expected(def.name(), e.getKey(), e.getValue());
            PortHolder h = port > 0 ? holders.get(port) : null;
            if (h == null) {
                continue;
            }
            if (h.pid() < 0) {
                leftAlone.add(port + " is held by " + h);
                continue;
            }
            String why = control.evict(def.name(), h.pid());
            if (why == null) {
                evicted.add("evicted a stale copy of " + def.name() + " from port " + port + ": " + h);
            } else {
                leftAlone.add(port + ": left alone, " + why);
            }
        }
        if (evicted.isEmpty()) {
            return RecoveryOutcome.passed(leftAlone.isEmpty() ? "no process holds its ports now"
                    : String.join("; ", leftAlone));
        }
        String what = String.join("; ", evicted);
        control.relaunch(def.name(), Duration.ZERO, what);
        return RecoveryOutcome.acted(what);
    }
}
