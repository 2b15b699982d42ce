package dev.vigil.it.health;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;

/** A check type of the health tests, packaged into a bundle of its own and dropped into deploy/. */
@Component(property = CheckType.TYPE_PROPERTY + "=probe")
public final class ProbeCheck implements CheckType {
    @Override
    public String type() {
        return "probe";
    }

    @Override
    public String describe() {
        return "always UP; built by the health tests to prove a check type can be hot-deployed";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        return CompletableFuture.completedFuture(
                new CheckResult(HealthStatus.UP, "probe ok", Duration.ZERO, Instant.now()));
    }
}
