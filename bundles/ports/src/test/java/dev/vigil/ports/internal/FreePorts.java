package dev.vigil.ports.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports the system says are free, so no test assumes that a fixed number is. */
final class FreePorts {
    private FreePorts() {
    }

    /** A port that was free a moment ago. */
    static int one() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Binds {@code n} consecutive ports on the wildcard address; the sockets come lowest first. */
    static List<ServerSocket> bindConsecutive(int n) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            List<ServerSocket> held = new ArrayList<>();
            held.add(new ServerSocket(0));
            int base = held.get(0).getLocalPort();
            try {
                for (int i = 1; i < n; i++) {
                    held.add(new ServerSocket(base + i));
                }
                return held;
            } catch (IOException | IllegalArgumentException taken) {
                close(held);
            }
        }
        throw new IOException("found no " + n + " consecutive free ports in 100 attempts");
    }

    static void close(List<ServerSocket> sockets) throws IOException {
        for (ServerSocket socket : sockets) {
            socket.close();
        }
    }
}
