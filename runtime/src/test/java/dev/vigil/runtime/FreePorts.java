package dev.vigil.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs of consecutive free ports, for port ranges. They are taken below the Linux
 * ephemeral range (32768+), so that the system does not hand them out meanwhile.
 */
final class FreePorts {
    private FreePorts() {
    }

    /** The first of {@code count} consecutive ports that are all free right now. */
    static int consecutive(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("found no " + count + " consecutive free ports in 20000-32000");
    }

    /** Holds each port of the run on loopback, as a foreign process would; close them to free them. */
    static List<ServerSocket> hold(int base, int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        for (int p = base; p < base + count; p++) {
            held.add(new ServerSocket(p, 50, InetAddress.getLoopbackAddress()));
        }
        return held;
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(p), 1);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
