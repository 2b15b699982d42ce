package dev.vigil.it.sample;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;

/** A check type that tests package into a bundle of its own and drop into deploy/. */
@Component(property = CheckType.TYPE_PROPERTY + "=sample")
public final class SampleCheck implements CheckType {
    @Override
    public String type() {
        return "sample";
    }

    @Override
    public String describe() {
        return "always UP; built by the tests to prove hot deploy";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        return CompletableFuture.completedFuture(
                new CheckResult(HealthStatus.UP, "sample ok", Duration.ZERO, Instant.now()));
    }
}
