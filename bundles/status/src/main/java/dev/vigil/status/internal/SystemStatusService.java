package dev.vigil.status.internal;

import dev.vigil.api.ServiceStatus;
import dev.vigil.api.Supervisor;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.Journal;
import dev.vigil.api.journal.RecoveryScore;
import dev.vigil.api.port.PortAllocator;
import dev.vigil.api.recovery.RecoveryCoordinator;
import dev.vigil.api.status.PortsStatus;
import dev.vigil.api.status.StatusService;
import dev.vigil.api.status.SystemStatus;
import java.time.Clock;
import java.util.ArrayList;
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
 * Gathers what the status is made of, each source optional but the supervisor, and hands
 * it to {@link StatusRules}. It only reads.
 */
@Component(service = StatusService.class)
public final class SystemStatusService implements StatusService {
    /** The launcher's service whose property lists what is wrong in deploy/ (one notice per file). */
    static final String DEPLOY_NOTICES = "vigil.deploy.notices";

    private final Clock clock = Clock.systemUTC();
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

    @Override
    public SystemStatus status() {
        Supervisor s = supervisor;
        if (s == null) {
            throw new IllegalStateException("the supervisor is not running (is the config loaded? see logs/vigil.log)");
        }
        Map<String, ServiceHealth> byName = new HashMap<>();
        HealthMonitor m = health;
        if (m != null) {
            m.all().forEach(h -> byName.put(h.service(), h));
        }
        Map<String, RecoveryScore> scores = new HashMap<>();
        Journal j = journal;
        if (j != null) {
            j.byService().forEach(sc -> scores.put(sc.subject(), sc));
        }
        RecoveryCoordinator rc = coordinator;
        SystemConfig c = config;
        List<String> notices = notices(c);
        notices.addAll(s.notices());
        PortAllocator allocator = ports;
        if (allocator != null) {
            notices.addAll(allocator.notices());
        }
        List<ServiceStatus> services = s.services();
        SystemStatus read = StatusRules.status(new StatusRules.Inputs(services, byName, scores,
                rc == null ? Map.of() : rc.active(), notices), clock.instant());
        if (c == null || c.scaledFrom().isEmpty()) {
            return read;
        }
        return new SystemStatus(read.verdict(), read.at(), read.services(), read.notices(), read.host(),
                StatusRules.scaled(c.scaledFrom(), services));
    }

    @Override
    public String json(SystemStatus status) {
        return StatusJson.status(status);
    }

    @Override
    public PortsStatus ports() {
        Supervisor s = supervisor;
        PortAllocator allocator = ports;
        if (s == null || allocator == null) {
            throw new IllegalStateException("the " + (s == null ? "supervisor" : "port allocator")
                    + " is not running (see logs/vigil.log)");
        }
        return PortTest.run(allocator, s.services(), clock.instant());
    }

    @Override
    public String json(PortsStatus ports) {
        return StatusJson.ports(ports);
    }

    /** The config's notices, then those of deploy/ (a mutable list, for the others to follow). */
    private List<String> notices(SystemConfig c) {
        List<String> all = new ArrayList<>(c == null ? List.of() : c.notices());
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
}
