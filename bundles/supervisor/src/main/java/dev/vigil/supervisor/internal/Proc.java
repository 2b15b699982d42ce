package dev.vigil.supervisor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code /proc} says of a process: enough to know it again after the daemon restarts. */
final class Proc {
    private Proc() {
    }

    /**
     * When the process started, in clock ticks since boot (field 22 of /proc/PID/stat): with
     * the pid, it names one process for the life of the system, even after pids wrap.
     *
     * @return the start time, or -1 when there is no such process
     */
    static long startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(after[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static final String BOOT_ID = readBootId();

    /** The kernel's id of this boot: a pid and start time of an earlier boot name another process. */
    static String bootId() {
        return BOOT_ID;
    }

    private static String readBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
