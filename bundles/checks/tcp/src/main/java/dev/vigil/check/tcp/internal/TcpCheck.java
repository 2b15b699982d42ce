package dev.vigil.check.tcp.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.Parameters;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code tcp}: a connection to host:port within the timeout; with {@code send}, a line is
 * written and the reply must start with {@code expect}. Each run goes as far as it can on the
 * caller's thread with a non-blocking socket: a loopback connect is made by the time
 * {@code finishConnect} is called, so a plain port check costs four system calls and wakes no
 * other thread (bench/footprint.sh). What must wait goes to one {@link SocketWaiter}.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=tcp")
public final class TcpCheck implements CheckType {
    private SocketWaiter waiter;

    @Activate
    void activate() throws IOException {
        waiter = new SocketWaiter();
    }

    @Deactivate
    void deactivate() {
        waiter.stop();
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
        InetSocketAddress address = new InetSocketAddress(host, port);
        SocketChannel channel;
        try {
            // A socket of the address's own family: an IPv4 target gets no dual-stack IPv6 socket
            // (one system call less, and the kernel's plain IPv4 connect); an unresolved name fails in connect.
            channel = address.getAddress() instanceof Inet4Address ? SocketChannel.open(StandardProtocolFamily.INET)
                    : SocketChannel.open();
            channel.configureBlocking(false);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new CheckResult(HealthStatus.UNKNOWN, "cannot open a socket: " + e,
                    Duration.ofNanos(System.nanoTime() - start), Instant.now()));
        }
        TcpProbe probe = new TcpProbe(channel, host, port, send, expect, start, request.timeout());
        int waitFor = probe.begin(address);
        if (waitFor != 0) {
            waiter.await(probe, waitFor);
        }
        return probe.result;
    }

    private static int onlyPort(CheckRequest request) {
        if (request.ports().size() == 1) {
            return request.ports().values().iterator().next();
        }
        throw new IllegalArgumentException("parameter \"port\" is missing, and the service has "
                + request.ports().size() + " ports; write \"port\": \"${port.NAME}\"");
    }
}
