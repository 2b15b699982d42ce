package dev.vigil.runtime;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one line a long CLI wait shows on a terminal ("starting Vigil (4s): 5 services: 3
 * running, 2 starting"), rewritten in place and erased when the wait ends. Only when stdout is
 * a terminal (bin/vigil passes {@code -Dvigil.stdout.tty=true}); otherwise it prints nothing,
 * and the output stays the plain lines scripts read.
 */
final class Progress implements AutoCloseable {
    /** System property bin/vigil sets to "true" when stdout is a terminal. */
    static final String TTY_PROPERTY = "vigil.stdout.tty";
    private static final long EVERY_MS = 250;

    private final PrintStream out;
    private final boolean enabled;
    private final String what;
    private final long begun = System.nanoTime();
    /** The first line comes after one period: a wait that ends sooner shows nothing. */
    private long lastAsked = begun;
    private boolean shown;
    private volatile boolean closed;
    private Thread poller;

    Progress(PrintStream out, String what) {
        this(out, what, Boolean.getBoolean(TTY_PROPERTY));
    }

    Progress(PrintStream out, String what, boolean enabled) {
        this.out = out;
        this.what = what;
        this.enabled = enabled;
    }

    /**
     * Shows what the daemon on {@code socket} says it is at, or {@code silent} when it does not
     * answer or has no supervisor, at most every 250 ms; for a loop that waits.
     */
    void tick(Path socket, String silent) {
        if (!enabled || System.nanoTime() - lastAsked < EVERY_MS * 1_000_000) {
            return;
        }
        lastAsked = System.nanoTime();
        show(ask(socket).filter(a -> !a.isEmpty()).orElse(silent));
    }

    /** Keeps the line up to date from a thread of its own until {@link #close()}, for a wait that blocks. */
    void follow(Path socket) {
        if (!enabled) {
            return;
        }
        poller = new Thread(() -> {
            while (!closed) {
                tick(socket, "waiting for the daemon to answer");
                try {
                    Thread.sleep(EVERY_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "vigil-progress");
        poller.setDaemon(true);
        poller.start();
    }

    /** {@code target}, but the line is erased (and no longer kept up) before the first byte written to it. */
    PrintStream erasing(PrintStream target) {
        if (!enabled) {
            return target;
        }
        return new PrintStream(new FilterOutputStream(target) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Progress.this.close();
                target.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                Progress.this.close();
                target.write(b);
            }
        }, true, StandardCharsets.UTF_8);
    }

    private synchronized void show(String state) {
        if (closed) {
            return;
        }
        long seconds = (System.nanoTime() - begun) / 1_000_000_000L;
        out.print("\r" + what + " (" + seconds + "s): " + state + "\u001b[K");
        out.flush();
        shown = true;
    }

    /** Erases the line, if one is shown; idempotent. */
    @Override
    public void close() {
        closed = true;
        Thread p = poller;
        if (p != null) {
            p.interrupt();
            if (p != Thread.currentThread()) {
                try {
                    p.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        synchronized (this) {
            if (shown) {
                out.print("\r\u001b[K");
                out.flush();
                shown = false;
            }
            poller = null;
        }
    }

    private static Optional<String> ask(Path socket) {
        try (RemoteClient client = RemoteClient.connect(socket)) {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
            client.send("progress").relay(capture, capture);
            return Optional.of(buf.toString(StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
