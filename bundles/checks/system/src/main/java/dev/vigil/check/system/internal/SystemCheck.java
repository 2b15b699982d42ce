package dev.vigil.check.system.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.Parameters;
import java.io.File;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSFileStore;

/**
 * {@code system}: the host's CPU, memory, disks (each local mount) and load per core,
 * each against a warning (DEGRADED) and a critical (DOWN) threshold. It is the daemon's
 * own {@code system} entry and any service may use it too. Read through OSHI.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=system")
public final class SystemCheck implements CheckType {
    private CentralProcessor cpu;
    private GlobalMemory memory;
    private LocalMounts mounts;
    private long[] previousTicks;

    @Activate
    void activate() {
        SystemInfo si = new SystemInfo();
        cpu = si.getHardware().getProcessor();
        memory = si.getHardware().getMemory();
        oshi.software.os.FileSystem files = si.getOperatingSystem().getFileSystem();
        mounts = new LocalMounts(() -> files.getFileStores(true).stream().map(OSFileStore::getMount).toList(),
                LocalMounts::readTable);
        previousTicks = cpu.getSystemCpuLoadTicks();
    }

    @Override
    public String type() {
        return "system";
    }

    @Override
    public String describe() {
        return "cpuWarning/cpuCritical (%, default 95/none: a busy CPU alone is no failure), memoryWarning/memoryCritical (% used, 90/97),"
                + " diskWarning/diskCritical (% used per mount, 90/97), loadWarning/loadCritical (per core, 4/none),"
                + " mounts (list, default every local one)";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        long start = System.nanoTime();
        Parameters p = request.parameters();
        double cpuPercent;
        synchronized (this) {
            cpuPercent = 100.0 * cpu.getSystemCpuLoadBetweenTicks(previousTicks);
            previousTicks = cpu.getSystemCpuLoadTicks();
        }
        double memPercent = 100.0 * (memory.getTotal() - memory.getAvailable()) / Math.max(1, memory.getTotal());
        double[] loads = cpu.getSystemLoadAverage(1);
        double loadPerCore = loads[0] < 0 ? 0 : loads[0] / Math.max(1, cpu.getLogicalProcessorCount());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("cpu_percent", cpuPercent);
        metrics.put("memory_used_percent", memPercent);
        metrics.put("load_per_core", loadPerCore);
        List<String> critical = new ArrayList<>();
        List<String> warning = new ArrayList<>();
        judge(String.format("cpu %.0f%%", cpuPercent), cpuPercent, limit(p, "cpuWarning", 95), limit(p, "cpuCritical", Double.MAX_VALUE),
                warning, critical);
        judge(String.format("memory %.0f%% used", memPercent), memPercent, limit(p, "memoryWarning", 90),
                limit(p, "memoryCritical", 97), warning, critical);
        judge(String.format("load %.2f per core", loadPerCore), loadPerCore, limit(p, "loadWarning", 4),
                limit(p, "loadCritical", Double.MAX_VALUE), warning, critical);
        List<String> wanted = p.strings("mounts").orElse(null);
        String fullest = "";
        double fullestPercent = -1;
        for (String mount : mounts.now()) {
            if (wanted != null && !wanted.contains(mount)) {
                continue;
            }
            // statvfs, as OSHI reads it: total is f_blocks, usable f_bavail (what a non-root writer has).
            File at = new File(mount);
            long total = at.getTotalSpace();
            if (total <= 0) {
                continue;
            }
            double used = 100.0 * (total - at.getUsableSpace()) / total;
            metrics.put("disk_used_percent:" + mount, used);
            judge(String.format("disk %s %.0f%% used", mount, used), used, limit(p, "diskWarning", 90),
                    limit(p, "diskCritical", 97), warning, critical);
            if (used > fullestPercent) {
                fullestPercent = used;
                fullest = String.format(", disk %s %.0f%%", mount, used);
            }
        }
        String summary = String.format("cpu %.0f%%, memory %.0f%%, load %.2f/core%s", cpuPercent, memPercent, loadPerCore,
                fullest);
        HealthStatus status = !critical.isEmpty() ? HealthStatus.DOWN : !warning.isEmpty() ? HealthStatus.DEGRADED
                : HealthStatus.UP;
        String message = !critical.isEmpty() ? String.join("; ", critical) : !warning.isEmpty()
                ? String.join("; ", warning) : summary;
        return CompletableFuture.completedFuture(new CheckResult(status, message,
                Duration.ofNanos(System.nanoTime() - start), Instant.now(), metrics));
    }

    private static double limit(Parameters p, String name, double dflt) {
        return p.number(name).map(BigDecimal::doubleValue).orElse(dflt);
    }

    private static void judge(String what, double value, double warn, double crit, List<String> warning,
                              List<String> critical) {
        if (value >= crit) {
            critical.add(what + " (critical at " + trim(crit) + ")");
        } else if (value >= warn) {
            warning.add(what + " (warning at " + trim(warn) + ")");
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
