package dev.vigil.ports.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A port is free when a service could bind it, whatever address the holder bound. */
class PortProbeTest {
    private final PortProbe probe = new PortProbe();

    private static ServerSocket bound(String address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return socket;
    }

    @Test
    void portBoundOnLoopbackIsNotFree() throws IOException {
        try (ServerSocket socket = bound("127.0.0.1")) {
            assertFalse(probe.isFree(socket.getLocalPort()));
        }
    }

    @Test
    void portBoundOnTheWildcardIsNotFree() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            assertFalse(probe.isFree(socket.getLocalPort()));
        }
    }

    @Test
    void portBoundOnIpv6LoopbackIsNotFree() throws IOException {
        ServerSocket socket;
        try {
            socket = bound("::1");
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
            return;
        }
        try (socket) {
            assertFalse(probe.isFree(socket.getLocalPort()));
        }
    }

    @Test
    void portIsFreeAgainOnceItsHolderClosed() throws IOException {
        int port;
        try (ServerSocket socket = bound("127.0.0.1")) {
            port = socket.getLocalPort();
        }
        assertTrue(probe.isFree(port));
    }

    @Test
    void anyFreeGivesAPortAServiceCanBindOnEveryAddress() throws IOException {
        int port = probe.anyFree();
        assertTrue(probe.isFree(port));
        try (ServerSocket service = new ServerSocket(port)) {
            assertTrue(service.isBound());
        }
    }
}
