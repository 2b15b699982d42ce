package dev.vigil.supervisor.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread waiting in poll(2) on many descriptors, calling each one's handler when it is
 * readable: a thousand services cost one thread, not a thousand. A handler runs on the
 * loop's thread and must not block; it may add or remove descriptors. A tick, when given,
 * runs at least that often.
 */
final class PollLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);
    private final Map<Integer, Runnable> handlers = new ConcurrentHashMap<>();
    private final int[] wake = new int[2];
    private final Memory one = new Memory(8);
    private final Thread thread;
    private final java.util.function.IntSupplier tickMillis;
    private final Runnable tick;
    private Memory fds = new Memory(8 * 64);
    private volatile boolean closed;

    /**
     * @param tickMillis how often {@code tick} runs now, or -1 for not until a descriptor is ready
     */
    PollLoop(String name, java.util.function.IntSupplier tickMillis, Runnable tick) {
        if (LibC.C.pipe2(wake, LibC.O_NONBLOCK | LibC.O_CLOEXEC) != 0) {
            throw new IllegalStateException("pipe2 failed: " + LibC.C.strerror(Native.getLastError()));
        }
        this.tickMillis = tickMillis;
        this.tick = tick;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    void add(int fd, Runnable onReadable) {
        handlers.put(fd, onReadable);
        wakeUp();
    }

    /** Stops watching {@code fd}; the caller still owns it and closes it. */
    void remove(int fd) {
        handlers.remove(fd);
        wakeUp();
    }

    void wakeUp() {
        one.setByte(0, (byte) 1);
        LibC.C.write(wake[1], one, new NativeLong(1));
    }

    private void run() {
        Memory drain = new Memory(512);
        while (!closed) {
            List<Map.Entry<Integer, Runnable>> now = new ArrayList<>(handlers.entrySet());
            if (fds.size() < 8L * (now.size() + 1)) {
                fds = new Memory(16L * (now.size() + 1));
            }
            fds.clear();
            fds.setInt(0, wake[0]);
            fds.setShort(4, LibC.POLLIN);
            for (int i = 0; i < now.size(); i++) {
                fds.setInt(8L * (i + 1), now.get(i).getKey());
                fds.setShort(8L * (i + 1) + 4, LibC.POLLIN);
            }
            int n = LibC.C.poll(fds, new NativeLong(now.size() + 1), tickMillis.getAsInt());
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno != LibC.EINTR) {
                    LOG.error("poll failed in {}: {}", thread.getName(), LibC.C.strerror(errno));
                    pause();
                }
                continue;
            }
            if (fds.getShort(6) != 0) {
                while (LibC.C.read(wake[0], drain, new NativeLong(drain.size())).longValue() > 0) {
                    // emptied; the wake-up itself was the message
                }
            }
            for (int i = 0; i < now.size(); i++) {
                if (fds.getShort(8L * (i + 1) + 6) != 0 && handlers.get(now.get(i).getKey()) == now.get(i).getValue()) {
                    safely(now.get(i).getValue());
                }
            }
            if (tick != null) {
                safely(tick);
            }
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("Error in {}", thread.getName(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        wakeUp();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LibC.C.close(wake[0]);
        LibC.C.close(wake[1]);
    }
}
