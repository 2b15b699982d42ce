package dev.vigil.supervisor.internal;

import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tells when a process ends, at once and for any process: a child of this daemon and one
 * adopted from a daemon before it alike, through a pidfd per process in one poll loop.
 * A child's exit status is reaped and reported; an adopted process's status belongs to its
 * parent (init) and is unknown. Where the kernel has no pidfd (before Linux 5.3, or a
 * seccomp filter), processes are polled every 50 ms instead.
 */
final class ExitWatch implements AutoCloseable {
    private static final int FALLBACK_TICK_MS = 50;

    /** How a process ended: an exit code, a signal, or neither when it is not ours to reap. */
    record Status(Integer code, Integer signal) {
        static final Status UNKNOWN = new Status(null, null);

        /** The shell's convention: the code, or 128 + the signal; null when unknown. */
        Integer combined() {
            return code != null ? code : signal != null ? Integer.valueOf(128 + signal) : null;
        }
    }

    private record Watched(long pid, boolean child, CompletableFuture<Status> exit) {
    }

    private final Map<Long, Watched> polled = new ConcurrentHashMap<>();
    // Completions run here, in order, so that no listener ever holds up the loop.
    private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vigil-exits");
        t.setDaemon(true);
        return t;
    });
    private final PollLoop loop = new PollLoop("vigil-exit-watch",
            () -> polled.isEmpty() ? -1 : FALLBACK_TICK_MS, this::pollTheRest);

    /**
     * @param child whether this daemon is the process's parent, so that it reaps it
     * @return completed once the process is gone, on a thread of its own
     */
    CompletableFuture<Status> watch(long pid, boolean child) {
        Watched w = new Watched(pid, child, new CompletableFuture<>());
        int fd = LibC.C.syscall(LibC.SYS_PIDFD_OPEN, (int) pid, 0);
        if (fd >= 0) {
            loop.add(fd, () -> {
                loop.remove(fd);
                LibC.C.close(fd);
                finish(w);
            });
        } else if (Native.getLastError() == LibC.ESRCH) {
            finish(w);
        } else {
            polled.put(pid, w);
            loop.wakeUp(); // so that the loop starts ticking
        }
        return w.exit();
    }

    private void pollTheRest() {
        for (Watched w : polled.values()) {
            boolean gone = w.child() ? reapable(w.pid())
                    : !ProcessHandle.of(w.pid()).map(ProcessTree::running).orElse(false);
            if (gone) {
                polled.remove(w.pid());
                finish(w);
            }
        }
    }

    private static boolean reapable(long pid) {
        char state = Signals.state(pid);
        return state == 'Z' || state == '?';
    }

    private void finish(Watched w) {
        Status status = w.child() ? reap(w.pid()) : Status.UNKNOWN;
        completions.execute(() -> w.exit().complete(status));
    }

    // The process has ended, so a blocking wait returns at once; WNOHANG first all the same.
    private static Status reap(long pid) {
        IntByReference raw = new IntByReference();
        int r = LibC.C.waitpid((int) pid, raw, LibC.WNOHANG);
        while (r == 0 || r < 0 && Native.getLastError() == LibC.EINTR) {
            r = LibC.C.waitpid((int) pid, raw, 0);
        }
        if (r != pid) {
            return Status.UNKNOWN; // not ours after all, or reaped elsewhere
        }
        int s = raw.getValue();
        int sig = s & 0x7f;
        return sig == 0 ? new Status((s >> 8) & 0xff, null) : new Status(null, sig);
    }

    @Override
    public void close() {
        loop.close();
        completions.shutdown();
    }
}
