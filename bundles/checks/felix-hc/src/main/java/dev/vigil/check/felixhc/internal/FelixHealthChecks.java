package dev.vigil.check.felixhc.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code felix-hc}: runs every Apache Felix Health Check ({@code org.apache.felix.hc.api.HealthCheck}
 * service) in the framework, or those with one of the given {@code tags}, and reports the
 * worst: OK is UP, WARN DEGRADED, anything else DOWN. The daemon's own {@code system}
 * entry runs it, so the Felix Health Check ecosystem works inside Vigil unchanged.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=felix-hc")
public final class FelixHealthChecks implements CheckType {
    private final Map<HealthCheck, Map<String, Object>> checks = new ConcurrentHashMap<>();
    private ExecutorService pool;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindHealthCheck(HealthCheck check, Map<String, Object> properties) {
        checks.put(check, properties);
    }

    void unbindHealthCheck(HealthCheck check) {
        checks.remove(check);
    }

    @Activate
    void activate() {
        pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "vigil-check-felix-hc");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        pool.shutdownNow();
    }

    @Override
    public String type() {
        return "felix-hc";
    }

    @Override
    public String describe() {
        return "tags (list; default every Felix health check in the framework)";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        long start = System.nanoTime();
        List<String> tags = request.parameters().strings("tags").orElse(List.of());
        List<Map.Entry<HealthCheck, Map<String, Object>>> selected = new ArrayList<>();
        for (Map.Entry<HealthCheck, Map<String, Object>> e : checks.entrySet()) {
            if (tags.isEmpty() || tagsOf(e.getValue()).stream().anyMatch(tags::contains)) {
                selected.add(e);
            }
        }
        if (selected.isEmpty()) {
            return CompletableFuture.completedFuture(new CheckResult(HealthStatus.UP,
                    "no Felix health checks" + (tags.isEmpty() ? "" : " tagged " + tags) + " present",
                    Duration.ofNanos(System.nanoTime() - start), Instant.now()));
        }
        // Felix health checks are blocking calls: they run on this bundle's own threads.
        return CompletableFuture.supplyAsync(() -> runAll(selected, start), pool)
                .orTimeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static CheckResult runAll(List<Map.Entry<HealthCheck, Map<String, Object>>> selected, long start) {
        HealthStatus worst = HealthStatus.UP;
        List<String> notes = new ArrayList<>();
        for (Map.Entry<HealthCheck, Map<String, Object>> e : selected) {
            String name = Optional.ofNullable(e.getValue().get(HealthCheck.NAME)).map(Object::toString)
                    .orElse(e.getKey().getClass().getSimpleName());
            HealthStatus status;
            String message;
            try {
                Result result = e.getKey().execute();
                status = map(result.getStatus());
                message = firstMessage(result);
            } catch (RuntimeException ex) {
                status = HealthStatus.DOWN;
                message = "failed: " + ex;
            }
            if (status != HealthStatus.UP) {
                notes.add(name + " " + status + (message.isEmpty() ? "" : ": " + message));
            }
            worst = worst.worst(status);
        }
        String text = notes.isEmpty() ? selected.size() + " Felix health checks OK" : String.join("; ", notes);
        return new CheckResult(worst, text, Duration.ofNanos(System.nanoTime() - start), Instant.now());
    }

    static HealthStatus map(Result.Status status) {
        return switch (status) {
            case OK -> HealthStatus.UP;
            case WARN -> HealthStatus.DEGRADED;
            default -> HealthStatus.DOWN;
        };
    }

    private static String firstMessage(Result result) {
        for (ResultLog.Entry entry : result) {
            if (entry.getStatus() != Result.Status.OK || !entry.getMessage().isEmpty()) {
                return entry.getMessage();
            }
        }
        return "";
    }

    private static List<String> tagsOf(Map<String, Object> properties) {
        Object tags = properties.get(HealthCheck.TAGS);
        if (tags instanceof String[] array) {
            return Arrays.asList(array);
        }
        return tags == null ? List.of() : List.of(tags.toString());
    }
}
