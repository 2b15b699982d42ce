package dev.vigil.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The systemd side of sd_notify in a test: a Unix datagram socket bound at a path, read with a timeout. */
final class NotifySocket implements AutoCloseable {
    interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] addr, int len) throws LastErrorException;

        int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

        long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final int EAGAIN = 11;
    private final int fd;
    /** Every message received so far, oldest first. */
    final List<String> received = new ArrayList<>();

    NotifySocket(Path path) {
        fd = LibC.C.socket(1, 2, 0);
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer addr = ByteBuffer.allocate(110).order(ByteOrder.nativeOrder());
        addr.putShort((short) 1).put(name).put((byte) 0);
        LibC.C.bind(fd, addr.array(), 2 + name.length + 1);
        // SO_RCVTIMEO, 100 ms: a struct timeval of two longs.
        ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0).putLong(100_000);
        LibC.C.setsockopt(fd, 1, 20, tv.array(), 16);
    }

    /** Receives until a message matches, and returns it; fails after the timeout. */
    String await(Duration timeout, String what, Predicate<String> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String m = receive();
            if (m != null && match.test(m)) {
                return m;
            }
        }
        throw new AssertionError("no " + what + " within " + timeout + "; received " + received);
    }

    /** Every message received for this long. */
    List<String> drain(Duration time) {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < deadline) {
            String m = receive();
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    private String receive() {
        byte[] buf = new byte[4096];
        try {
            long n = LibC.C.recv(fd, buf, buf.length, 0);
            String m = new String(buf, 0, (int) n, StandardCharsets.UTF_8);
            received.add(m);
            return m;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        LibC.C.close(fd);
    }
}
