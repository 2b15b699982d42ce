package dev.vigil.ports.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tells whether a port is free by really binding it, on every wildcard address a service
 * could use: 0.0.0.0, and :: when the machine has IPv6. A listener on any address of the
 * port (127.0.0.1, ::1, a LAN address) makes the wildcard bind fail, so one check covers
 * them all. Sockets are closed at once; the window until the service binds stays short.
 */
final class PortProbe {
    private final List<InetAddress> wildcards;

    PortProbe() {
        List<InetAddress> addresses = new ArrayList<>();
        try {
            addresses.add(InetAddress.getByName("0.0.0.0"));
            if (hasIpv6()) {
                addresses.add(InetAddress.getByName("::"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot name the wildcard addresses", e);
        }
        wildcards = Collections.unmodifiableList(addresses);
    }

    boolean isFree(int port) {
        for (InetAddress address : wildcards) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(address, port), 1);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** A port the system considers free right now (from its ephemeral range). */
    int anyFree() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(wildcards.get(0), 0), 1);
                port = socket.getLocalPort();
            }
            if (isFree(port)) {
                return port;
            }
        }
        throw new IOException("the system offered no free port in 20 attempts");
    }

    private static boolean hasIpv6() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet6Address) {
                        return true;
                    }
                }
            }
        } catch (SocketException e) {
            return false;
        }
        return false;
    }
}
