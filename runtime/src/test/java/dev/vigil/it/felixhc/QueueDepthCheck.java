package dev.vigil.it.felixhc;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;

/** A Felix Health Check as any Felix HC bundle has them, knowing nothing of Vigil. */
@Component(service = HealthCheck.class, property = {HealthCheck.NAME + "=queue-depth", HealthCheck.TAGS + "=jobs"})
public final class QueueDepthCheck implements HealthCheck {
    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        log.warn("queue depth {} over {}", 1200, 1000);
        return new Result(log);
    }
}
