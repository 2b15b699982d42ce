package dev.vigil.check.tcp.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One run of a tcp check on a non-blocking socket: connect, then optionally send a line and
 * read the reply's first line. {@link #advance} goes as far as the socket allows without
 * waiting and says what it must wait for next; it is called once by the caller and then by
 * the {@link SocketWaiter} thread only, never by two threads at once.
 */
final class TcpProbe {
    private static final int MAX_REPLY = 4096;

    final CompletableFuture<CheckResult> result = new CompletableFuture<>();
    final long deadline;
    private final SocketChannel channel;
    private final String where;
    private final String send;
    private final String expect;
    private final long start;
    private final long timeoutMs;
    private ByteBuffer out;
    private ByteBuffer in;

    TcpProbe(SocketChannel channel, String host, int port, String send, String expect, long start, Duration timeout) {
        this.channel = channel;
        this.where = host + ":" + port;
        this.send = send;
        this.expect = expect;
        this.start = start;
        this.timeoutMs = timeout.toMillis();
        this.deadline = start + timeout.toNanos();
    }

    SocketChannel channel() {
        return channel;
    }

    /** Connects to the address; the connection is usually made by now on loopback. */
    int begin(InetSocketAddress address) {
        try {
            channel.connect(address);
        } catch (IOException | RuntimeException e) {
            return connectFailed(e);
        }
        return advance();
    }

    /**
     * Goes on as far as possible without waiting. Returns the {@link SelectionKey} operation to
     * wait for, or 0 once the result is complete (the socket is then closed).
     */
    int advance() {
        if (channel.isConnectionPending()) {
            try {
                if (!channel.finishConnect()) {
                    return SelectionKey.OP_CONNECT;
                }
            } catch (IOException | RuntimeException e) {
                return connectFailed(e);
            }
            if (send == null) {
                return finish(HealthStatus.UP, "connected to " + where + " in " + ms() + " ms");
            }
            out = ByteBuffer.wrap((send + "\r\n").getBytes(StandardCharsets.UTF_8));
            in = ByteBuffer.allocate(MAX_REPLY);
        }
        try {
            if (out.hasRemaining()) {
                channel.write(out);
                if (out.hasRemaining()) {
                    return SelectionKey.OP_WRITE;
                }
            }
        } catch (IOException e) {
            return finish(HealthStatus.DOWN, "send to " + where + " failed: " + e.getMessage());
        }
        return readReply();
    }

    private int readReply() {
        int n;
        try {
            do {
                n = channel.read(in);
            } while (n > 0 && in.hasRemaining() && !hasLine());
        } catch (IOException e) {
            return finish(HealthStatus.DOWN, "reading from " + where + " failed: " + e.getMessage());
        }
        if (n == 0 && in.hasRemaining() && !hasLine()) {
            return SelectionKey.OP_READ;
        }
        String reply = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
        String first = reply.lines().findFirst().orElse("");
        if (expect == null || first.startsWith(expect)) {
            return finish(HealthStatus.UP, where + " replied \"" + abbreviate(first) + "\" in " + ms() + " ms");
        }
        return finish(HealthStatus.DOWN, where + " replied \"" + abbreviate(first) + "\", expected \"" + expect + "...\"");
    }

    private boolean hasLine() {
        for (int i = 0; i < in.position(); i++) {
            if (in.get(i) == '\n') {
                return true;
            }
        }
        return false;
    }

    /** The deadline passed while waiting. */
    void timedOut() {
        finish(HealthStatus.DOWN, "no " + (send == null ? "connection" : "reply") + " from " + where + " within "
                + timeoutMs + " ms");
    }

    /** The check cannot go on (the waiting thread stopped or failed). */
    void abandon(String why) {
        finish(HealthStatus.UNKNOWN, "tcp check of " + where + " abandoned: " + why);
    }

    private int connectFailed(Exception e) {
        return finish(HealthStatus.DOWN, "cannot connect to " + where + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    private int finish(HealthStatus status, String message) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that failed: nothing more to do.
        }
        result.complete(new CheckResult(status, message, Duration.ofNanos(System.nanoTime() - start), Instant.now()));
        return 0;
    }

    private long ms() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
