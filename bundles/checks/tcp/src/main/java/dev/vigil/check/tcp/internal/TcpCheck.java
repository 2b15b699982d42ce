package dev.vigil.check.tcp.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.Parameters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code tcp}: a connection to host:port within the timeout; with {@code send}, a line is
 * written and the reply must start with {@code expect}. Asynchronous sockets on one
 * one-thread group, however many services: the handlers only complete a future, and a
 * second thread made the group hand every readiness event from one thread to the other
 * (two wake-ups per check instead of one, bench/footprint.sh).
 */
@Component(property = CheckType.TYPE_PROPERTY + "=tcp")
public final class TcpCheck implements CheckType {
    private static final int MAX_REPLY = 4096;
    private AsynchronousChannelGroup group;

    @Activate
    void activate() throws IOException {
        group = AsynchronousChannelGroup.withFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "vigil-check-tcp");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() throws IOException {
        group.shutdownNow();
    }

    @Override
    public String type() {
        return "tcp";
    }

    @Override
    public String describe() {
        return "port (number or ${port.NAME}), host (127.0.0.1), send (a line), expect (reply prefix)";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        Parameters p = request.parameters();
        String host = p.string("host").orElse("127.0.0.1");
        int port = p.number("port").map(TcpParameters::port).orElseGet(() -> onlyPort(request));
        String send = p.string("send").orElse(null);
        String expect = p.string("expect").orElse(null);
        long start = System.nanoTime();
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open(group);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(done(HealthStatus.UNKNOWN, "cannot open a socket: " + e, start));
        }
        String where = host + ":" + port;
        result.orTimeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> close(channel));
        channel.connect(new InetSocketAddress(host, port), null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void v, Void a) {
                if (send == null) {
                    result.complete(done(HealthStatus.UP, "connected to " + where + " in " + ms(start) + " ms", start));
                    return;
                }
                ByteBuffer out = ByteBuffer.wrap((send + "\r\n").getBytes(StandardCharsets.UTF_8));
                channel.write(out, null, new CompletionHandler<Integer, Void>() {
                    @Override
                    public void completed(Integer n, Void a2) {
                        readReply(channel, ByteBuffer.allocate(MAX_REPLY), expect, where, start, result);
                    }

                    @Override
                    public void failed(Throwable e, Void a2) {
                        result.complete(done(HealthStatus.DOWN, "send to " + where + " failed: " + e.getMessage(), start));
                    }
                });
            }

            @Override
            public void failed(Throwable e, Void a) {
                result.complete(done(HealthStatus.DOWN, "cannot connect to " + where + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), start));
            }
        });
        return result.exceptionally(e -> done(HealthStatus.DOWN, "no "
                + (send == null ? "connection" : "reply") + " from " + where + " within "
                + request.timeout().toMillis() + " ms", start));
    }

    private void readReply(AsynchronousSocketChannel channel, ByteBuffer in, String expect, String where, long start,
                           CompletableFuture<CheckResult> result) {
        channel.read(in, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer n, Void a) {
                String reply = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
                boolean lineDone = reply.indexOf('\n') >= 0 || n < 0 || !in.hasRemaining();
                if (!lineDone) {
                    readReply(channel, in, expect, where, start, result);
                    return;
                }
                String first = reply.lines().findFirst().orElse("");
                if (expect == null || first.startsWith(expect)) {
                    result.complete(done(HealthStatus.UP, where + " replied \"" + abbreviate(first) + "\" in " + ms(start)
                            + " ms", start));
                } else {
                    result.complete(done(HealthStatus.DOWN, where + " replied \"" + abbreviate(first) + "\", expected \""
                            + expect + "...\"", start));
                }
            }

            @Override
            public void failed(Throwable e, Void a) {
                result.complete(done(HealthStatus.DOWN, "reading from " + where + " failed: " + e.getMessage(), start));
            }
        });
    }

    private static int onlyPort(CheckRequest request) {
        if (request.ports().size() == 1) {
            return request.ports().values().iterator().next();
        }
        throw new IllegalArgumentException("parameter \"port\" is missing, and the service has "
                + request.ports().size() + " ports; write \"port\": \"${port.NAME}\"");
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static CheckResult done(HealthStatus status, String message, long start) {
        return new CheckResult(status, message, Duration.ofNanos(System.nanoTime() - start), Instant.now());
    }

    private static void close(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that failed: nothing more to do.
        }
    }
}
