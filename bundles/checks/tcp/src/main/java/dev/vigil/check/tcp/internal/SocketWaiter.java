package dev.vigil.check.tcp.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One thread and one selector for every tcp check whose socket is not ready at once (a remote
 * host, a slow reply), each until its deadline. A check that is done on the caller's thread,
 * as a loopback connect is, never wakes this thread: no timer is set for it either.
 */
final class SocketWaiter implements Runnable {
    private final Selector selector;
    private final Queue<Wait> added = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    private record Wait(TcpProbe probe, int ops) {
    }

    SocketWaiter() throws IOException {
        selector = Selector.open();
        thread = new Thread(this, "vigil-check-tcp");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits for {@code ops} on the probe's socket, then lets it go on; times it out at its deadline. */
    void await(TcpProbe probe, int ops) {
        Wait w = new Wait(probe, ops);
        added.add(w);
        selector.wakeup();
        if (!running && added.remove(w)) { // the thread may have ended before it could see it
            probe.abandon("the tcp check type stopped");
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(untilNextDeadline());
                register();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    int next = key.isValid() ? ((TcpProbe) key.attachment()).advance() : 0;
                    if (next != 0) {
                        key.interestOps(next);
                    }
                }
                long now = System.nanoTime();
                for (SelectionKey key : selector.keys()) {
                    TcpProbe probe = (TcpProbe) key.attachment();
                    if (key.isValid() && now - probe.deadline >= 0) {
                        probe.timedOut();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            running = false;
        } finally {
            abandonAll();
            try {
                selector.close();
            } catch (IOException e) {
                // The sockets are closed already.
            }
        }
    }

    private void register() {
        for (Wait w; (w = added.poll()) != null; ) {
            try {
                w.probe().channel().register(selector, w.ops(), w.probe());
            } catch (ClosedChannelException e) {
                w.probe().abandon("its socket was closed");
            }
        }
    }

    /** Milliseconds to the earliest deadline (at least 1), or 0 (no limit) when nothing waits. */
    private long untilNextDeadline() {
        long now = System.nanoTime();
        long soonest = Long.MAX_VALUE;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                soonest = Math.min(soonest, ((TcpProbe) key.attachment()).deadline - now);
            }
        }
        return soonest == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(soonest) + 1);
    }

    /** On this thread only, as it ends. */
    private void abandonAll() {
        for (Wait w; (w = added.poll()) != null; ) {
            w.probe().abandon("the tcp check type stopped");
        }
        for (SelectionKey key : selector.keys()) {
            ((TcpProbe) key.attachment()).abandon("the tcp check type stopped");
        }
    }
}
