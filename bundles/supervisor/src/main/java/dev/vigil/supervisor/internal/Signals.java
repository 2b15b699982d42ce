package dev.vigil.supervisor.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The signals Java has no call for. A SIGTERM to a stopped process (state T) waits until
 * it is continued, so a stop sends SIGCONT after the SIGTERM: a hung-by-SIGSTOP service
 * then ends at once instead of after its whole stop timeout.
 */
final class Signals {
    static final int SIGCONT = 18;

    private Signals() {
    }

    /** Sends SIGCONT when the process is stopped; returns whether it was. */
    static boolean continueIfStopped(ProcessHandle p) {
        if (!stopped(p.pid())) {
            return false;
        }
        return LibC.C.kill((int) p.pid(), SIGCONT) == 0;
    }

    /** Whether the process is stopped by a signal or traced (T or t in /proc/PID/stat). */
    static boolean stopped(long pid) {
        char state = state(pid);
        return state == 'T' || state == 't';
    }

    /** The process's state letter from /proc/PID/stat, or '?' when it cannot be read. */
    static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() ? '?' : stat.charAt(close + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }
}
