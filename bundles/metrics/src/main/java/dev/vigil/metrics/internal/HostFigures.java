package dev.vigil.metrics.internal;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * The daemon's own process and its host, read through OSHI at each scrape (a few reads of
 * {@code /proc}): memory, CPU time, threads and file descriptors; load, memory and CPU time
 * by mode. Thread-safe.
 */
final class HostFigures {
    private final OperatingSystem os;
    private final CentralProcessor cpu;
    private final GlobalMemory memory;
    private final int pid;

    HostFigures() {
        SystemInfo si = new SystemInfo();
        os = si.getOperatingSystem();
        cpu = si.getHardware().getProcessor();
        memory = si.getHardware().getMemory();
        pid = os.getProcessId();
    }

    List<MetricSnapshot> collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        OSProcess me = os.getProcess(pid);
        if (me != null) {
            out.add(Family.gauge("vigil_process_resident_memory_bytes", "Resident memory of the daemon's process",
                    Unit.BYTES).point(me.getResidentSetSize()).build());
            out.add(Family.gauge("vigil_process_virtual_memory_bytes", "Virtual memory of the daemon's process",
                    Unit.BYTES).point(me.getVirtualSize()).build());
            out.add(Family.counter("vigil_process_cpu_seconds", "CPU time of the daemon's process, user and system",
                    Unit.SECONDS).point((me.getUserTime() + me.getKernelTime()) / 1000.0).build());
            out.add(Family.gauge("vigil_process_threads", "Threads of the daemon's process").point(me.getThreadCount()).build());
            out.add(Family.gauge("vigil_process_open_fds", "Open file descriptors of the daemon's process")
                    .point(me.getOpenFiles()).build());
            out.add(Family.gauge("vigil_process_max_fds", "The daemon's limit of open file descriptors (soft)")
                    .point(me.getSoftOpenFileLimit()).build());
            out.add(Family.gauge("vigil_process_start_time_seconds", "When the daemon's process started, in Unix time",
                    Unit.SECONDS).point(me.getStartTime() / 1000.0).build());
        }
        double[] load = cpu.getSystemLoadAverage(3);
        String[] names = {"vigil_host_load1", "vigil_host_load5", "vigil_host_load15"};
        String[] spans = {"1", "5", "15"};
        for (int i = 0; i < 3; i++) {
            if (load[i] >= 0) { // negative: not available on this platform
                out.add(Family.gauge(names[i], "The host's load average over " + spans[i] + " minute(s)").point(load[i]).build());
            }
        }
        out.add(Family.gauge("vigil_host_memory_total_bytes", "The host's physical memory", Unit.BYTES)
                .point(memory.getTotal()).build());
        out.add(Family.gauge("vigil_host_memory_available_bytes", "The host's memory available to new processes without swapping",
                Unit.BYTES).point(memory.getAvailable()).build());
        out.add(Family.gauge("vigil_host_cpus", "The host's logical processors").point(cpu.getLogicalProcessorCount()).build());
        long[] ticks = cpu.getSystemCpuLoadTicks(); // milliseconds
        Family time = Family.counter("vigil_host_cpu_seconds", "CPU time of the host, all processors, by mode", Unit.SECONDS);
        for (TickType t : TickType.values()) {
            if (t.getIndex() < ticks.length) {
                time.point(ticks[t.getIndex()] / 1000.0, "mode", t.name().toLowerCase(Locale.ROOT));
            }
        }
        out.add(time.build());
        return out;
    }
}
