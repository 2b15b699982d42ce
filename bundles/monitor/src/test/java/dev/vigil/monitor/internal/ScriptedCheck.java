package dev.vigil.monitor.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A check type whose answer the test sets, per {@code target} parameter: up, down, or hung
 * (it never answers, as a stopped process does not). Every request is kept, in order.
 */
final class ScriptedCheck implements CheckType {
    enum Answer { UP, DOWN, HANG }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<CheckRequest> requests = new CopyOnWriteArrayList<>();

    void answer(String target, Answer answer) {
        answers.put(target, answer);
    }

    /** The requests for {@code target} so far. */
    List<CheckRequest> requests(String target) {
        return requests.stream().filter(r -> target.equals(r.parameters().string("target").orElse(null))).toList();
    }

    int runs(String target) {
        return requests(target).size();
    }

    @Override
    public String type() {
        return "scripted";
    }

    @Override
    public String describe() {
        return "target: whose scripted answer to give";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        requests.add(request);
        return switch (answers.getOrDefault(request.parameters().required("target"), Answer.UP)) {
            case UP -> CompletableFuture.completedFuture(new CheckResult(HealthStatus.UP, "answered", Duration.ZERO, Instant.now()));
            case DOWN -> CompletableFuture.completedFuture(new CheckResult(HealthStatus.DOWN, "refused", Duration.ZERO,
                    Instant.now()));
            case HANG -> new CompletableFuture<>();
        };
    }
}
