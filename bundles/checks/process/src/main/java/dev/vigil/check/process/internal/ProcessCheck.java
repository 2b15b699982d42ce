package dev.vigil.check.process.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.Parameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * {@code process}: the service's process is alive, and optionally within limits on its
 * resident memory, its CPU share (percent of one core since the previous run) and its
 * open files, each with a warning (DEGRADED) and a critical (DOWN) threshold. Read from
 * the OS through OSHI.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=process")
public final class ProcessCheck implements CheckType {
    private OperatingSystem os;
    private final Map<Long, OSProcess> previous = new ConcurrentHashMap<>();

    @Activate
    void activate() {
        os = new SystemInfo().getOperatingSystem();
    }

    @Override
    public String type() {
        return "process";
    }

    @Override
    public String describe() {
        return "rssWarning/rssCritical (e.g. 512MB), cpuWarning/cpuCritical (% of one core),"
                + " filesWarning/filesCritical (open files)";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        long start = System.nanoTime();
        Parameters p = request.parameters();
        OSProcess process = request.pid() > 0 ? os.getProcess((int) request.pid()) : null;
        if (process == null) {
            previous.remove(request.pid());
            return done(HealthStatus.DOWN, "process " + request.pid() + " is gone", start, Map.of());
        }
        OSProcess before = previous.put(request.pid(), process);
        double cpu = 100.0 * (before == null ? process.getProcessCpuLoadCumulative()
                : process.getProcessCpuLoadBetweenTicks(before));
        long rss = process.getResidentSetSize();
        long files = process.getOpenFiles();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rss_bytes", (double) rss);
        metrics.put("cpu_percent", cpu);
        if (files >= 0) {
            metrics.put("open_files", (double) files);
        }
        List<String> critical = new ArrayList<>();
        List<String> warning = new ArrayList<>();
        judge("memory " + mib(rss) + " MiB", rss, p.bytes("rssWarning").orElse(null), p.bytes("rssCritical").orElse(null),
                warning, critical, v -> mib(v) + " MiB");
        judge(String.format("cpu %.0f%%", cpu), (long) cpu, p.number("cpuWarning").map(n -> n.longValue()).orElse(null),
                p.number("cpuCritical").map(n -> n.longValue()).orElse(null), warning, critical, v -> v + "%");
        if (files >= 0) {
            judge(files + " open files", files, p.number("filesWarning").map(n -> n.longValue()).orElse(null),
                    p.number("filesCritical").map(n -> n.longValue()).orElse(null), warning, critical, v -> v + " files");
        }
        String summary = String.format("pid %d alive: %d MiB, cpu %.0f%%%s", request.pid(), mib(rss), cpu,
                files >= 0 ? ", " + files + " files" : "");
        if (!critical.isEmpty()) {
            return done(HealthStatus.DOWN, String.join("; ", critical), start, metrics);
        }
        if (!warning.isEmpty()) {
            return done(HealthStatus.DEGRADED, String.join("; ", warning), start, metrics);
        }
        return done(HealthStatus.UP, summary, start, metrics);
    }

    private static void judge(String what, long value, Long warn, Long crit, List<String> warning, List<String> critical,
                              java.util.function.LongFunction<String> unit) {
        if (crit != null && value >= crit) {
            critical.add(what + " over the critical " + unit.apply(crit));
        } else if (warn != null && value >= warn) {
            warning.add(what + " over the warning " + unit.apply(warn));
        }
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }

    private static CompletionStage<CheckResult> done(HealthStatus status, String message, long start,
                                                     Map<String, Double> metrics) {
        return CompletableFuture.completedFuture(new CheckResult(status, message,
                Duration.ofNanos(System.nanoTime() - start), Instant.now(), metrics));
    }
}
