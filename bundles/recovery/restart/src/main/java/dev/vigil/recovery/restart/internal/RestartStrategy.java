package dev.vigil.recovery.restart.internal;

import dev.vigil.api.RestartPolicy;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.Topics;
import dev.vigil.api.recovery.Failure;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.recovery.RecoveryOutcome;
import dev.vigil.api.recovery.RecoveryStrategy;
import dev.vigil.api.recovery.ServiceControl;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The restart strategy: stops what is left of the service (SIGTERM to the tree, SIGCONT to
 * stopped processes, SIGKILL after its stop timeout), waits its backoff, starts it again.
 * The backoff follows the service's {@link RestartPolicy}, resets after a stable healthy run
 * or an operator's start, and past {@code maxRestarts} within {@code window} the service
 * is put into FATAL with the reason.
 */
@Component(service = {RecoveryStrategy.class, EventHandler.class},
        property = {RecoveryStrategy.NAME_PROPERTY + "=restart", EventConstants.EVENT_TOPIC + "=" + Topics.SERVICE_STATE})
public final class RestartStrategy implements RecoveryStrategy, EventHandler {
    private static final Set<FailureKind> KINDS = Set.of(FailureKind.CRASHED, FailureKind.UNHEALTHY,
            FailureKind.PORT_CONFLICT);

    @Reference
    private ServiceControl control;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SystemConfig config;

    private final Map<String, RestartSchedule> schedules = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    @Override
    public String name() {
        return "restart";
    }

    @Override
    public Set<FailureKind> handles() {
        return KINDS;
    }

    @Override
    public String describe() {
        return "stop the whole tree (TERM, CONT, KILL after stopTimeout), back off, start again; FATAL past maxRestarts"
                + " within window; handles " + KINDS;
    }

    @Override
    public RecoveryOutcome recover(Failure failure) {
        ServiceDefinition def = config.services().get(failure.service());
        if (def == null) {
            return RecoveryOutcome.passed("the service is no longer in the config");
        }
        RestartPolicy policy = def.restart();
        RestartSchedule schedule = schedules.compute(failure.service(), (k, old) ->
                old != null && old.policy().equals(policy) ? old
                        : new RestartSchedule(policy, () -> ThreadLocalRandom.current().nextDouble()));
        Duration delay;
        int count;
        synchronized (schedule) {
            delay = schedule.onCrash(clock.instant(), failure.healthyFor());
            count = schedule.recentRestarts();
        }
        if (delay == null) {
            String why = failure.cause() + "; gave up after " + policy.maxRestarts() + " restarts within "
                    + human(policy.window());
            control.giveUp(failure.service(), why);
            return RecoveryOutcome.gaveUp(why);
        }
        control.relaunch(failure.service(), delay, failure.cause());
        return RecoveryOutcome.acted("restarted after " + delay.toMillis() + " ms (restart " + count + " of at most "
                + policy.maxRestarts() + " within " + human(policy.window()) + ")");
    }

    /** An operator's start or stop forgets the service's failures: its backoff starts over. */
    @Override
    public void handleEvent(Event event) {
        if (Boolean.TRUE.equals(event.getProperty(Topics.OPERATOR))) {
            schedules.remove(String.valueOf(event.getProperty(Topics.SERVICE)));
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
