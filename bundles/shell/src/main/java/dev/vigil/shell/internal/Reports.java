package dev.vigil.shell.internal;

import dev.vigil.api.Supervisor;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.Journal;
import dev.vigil.api.journal.RecoveryScore;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.recovery.RecoveryCoordinator;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Where the shell's reports come from: the supervisor, the running config, the port
 * allocator and the health monitor, each optional, so that the shell keeps answering when
 * one of them is missing and says which.
 */
@Component(service = Reports.class, immediate = true)
public final class Reports {
    /** The launcher's service whose property lists what is wrong in deploy/ (one notice per file). */
    static final String DEPLOY_NOTICES = "vigil.deploy.notices";

    private BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Supervisor supervisor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemConfig config;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PortAllocator ports;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthMonitor health;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Journal journal;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RecoveryCoordinator coordinator;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    /** The config's notices, then those of deploy/ (a mutable list, for the supervisor's to follow). */
    private List<String> notices(SystemConfig c) {
        List<String> all = new java.util.ArrayList<>(c == null ? List.of() : c.notices());
        BundleContext ctx = context;
        try {
            ServiceReference<?>[] refs = ctx == null ? null
                    : ctx.getServiceReferences((String) null, "(" + DEPLOY_NOTICES + "=*)");
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                if (ref.getProperty(DEPLOY_NOTICES) instanceof String[] list) {
                    all.addAll(List.of(list));
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // The filter is constant; a stopping framework has no notices to give.
        }
        return all;
    }

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

    /** @throws IllegalStateException when the supervisor is not running */
    StatusReport status() {
        SystemConfig c = config;
        HealthMonitor m = health;
        Map<String, ServiceHealth> byName = new HashMap<>();
        if (m != null) {
            m.all().forEach(h -> byName.put(h.service(), h));
        }
        Journal j = journal;
        Map<String, RecoveryScore> scores = new HashMap<>();
        if (j != null) {
            j.byService().forEach(sc -> scores.put(sc.subject(), sc));
        }
        RecoveryCoordinator rc = coordinator;
        Supervisor s = supervisor();
        List<String> notices = notices(c);
        notices.addAll(s.notices());
        PortAllocator allocator = ports;
        if (allocator != null) {
            notices.addAll(allocator.notices());
        }
        return new StatusReport(s.services(), notices, byName,
                new StatusReport.Recovery(scores, rc == null ? Map.of() : rc.active()), Instant.now());
    }

    /** @throws IllegalStateException when the supervisor or the port allocator is not running */
    PortReport ports() {
        PortAllocator allocator = ports;
        if (allocator == null) {
            throw new IllegalStateException("no port allocator installed (the vigil-ports bundle)");
        }
        return new PortReport(allocator, supervisor().services());
    }
}
