package dev.vigil.shell.internal;

import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.journal.Journal;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.recovery.RecoveryCoordinator;
import dev.vigil.api.status.StatusService;
import dev.vigil.api.status.SystemStatus;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Where the shell's reports come from: the status service, the supervisor, the port
 * allocator, the health monitor, the journal and the recovery coordinator, each optional, so that the shell keeps answering when
 * one of them is missing and says which.
 */
@Component(service = Reports.class, immediate = true)
public final class Reports {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Supervisor supervisor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StatusService status;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PortAllocator ports;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthMonitor health;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Journal journal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RecoveryCoordinator coordinator;

    /** @throws IllegalStateException when the journal is not installed */
    Journal journal() {
        Journal j = journal;
        if (j == null) {
            throw new IllegalStateException("the journal is not running (the vigil-journal bundle)");
        }
        return j;
    }

    /** @throws IllegalStateException when the recovery coordinator is not installed */
    RecoveryCoordinator coordinator() {
        RecoveryCoordinator c = coordinator;
        if (c == null) {
            throw new IllegalStateException("the recovery coordinator is not running (the vigil-recovery-coordinator"
                    + " bundle)");
        }
        return c;
    }

    /** @throws IllegalStateException when the supervisor is not running */
    Supervisor supervisor() {
        Supervisor s = supervisor;
        if (s == null) {
            throw new IllegalStateException("the supervisor is not running (is the config loaded? see logs/vigil.log)");
        }
        return s;
    }

    /** @throws IllegalStateException when the health monitor is not installed */
    HealthMonitor health() {
        HealthMonitor m = health;
        if (m == null) {
            throw new IllegalStateException("the health monitor is not running (the vigil-monitor bundle)");
        }
        return m;
    }

    /** @throws IllegalStateException when the status service or the supervisor is not running */
    StatusReport status() {
        StatusService s = status;
        if (s == null) {
            throw new IllegalStateException("the status service is not running (the vigil-status bundle)");
        }
        return new StatusReport(s.status(), s);
    }

    /** The status of everything now, for reports of one service. */
    SystemStatus snapshot() {
        StatusService s = status;
        if (s == null) {
            throw new IllegalStateException("the status service is not running (the vigil-status bundle)");
        }
        return s.status();
    }

    /**
     * Returns {@code name} when the supervisor knows such a service.
     *
     * @throws IllegalArgumentException naming the known services, when it does not
     */
    String known(String name) {
        List<String> names = supervisor().services().stream().map(ServiceStatus::name).toList();
        if (!names.contains(name)) {
            throw new IllegalArgumentException("no service named \"" + name + "\"; known services: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        return name;
    }

    /** @throws IllegalStateException when the status service or the supervisor is not running */
    List<String> notices() {
        StatusService s = status;
        if (s == null) {
            throw new IllegalStateException("the status service is not running (the vigil-status bundle)");
        }
        return s.status().notices();
    }

    /** @throws IllegalStateException when the supervisor or the port allocator is not running */
    PortReport ports() {
        StatusService s = status;
        if (s == null) {
            throw new IllegalStateException("the status service is not running (the vigil-status bundle)");
        }
        if (ports == null) {
            throw new IllegalStateException("no port allocator installed (the vigil-ports bundle)");
        }
        return new PortReport(s.ports(), s);
    }
}
