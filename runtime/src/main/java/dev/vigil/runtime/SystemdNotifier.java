package dev.vigil.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The sd_notify protocol: state lines ({@code READY=1}, {@code STOPPING=1},
 * {@code WATCHDOG=1}) sent as one datagram to the Unix socket systemd names in
 * {@code $NOTIFY_SOCKET} (a path, or {@code @name} for the abstract namespace). The JDK has
 * no Unix datagram channel, so the socket is made through libc with JNA. Thread-safe.
 */
final class SystemdNotifier {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_MAX = 108;

    /** The few libc calls this needs; errors come back as {@link LastErrorException} with errno. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final String socket;
    private final byte[] address;
    private volatile LibC libc;

    private SystemdNotifier(String socket) {
        this.socket = socket;
        this.address = sockaddr(socket);
    }

    /** The notifier systemd asked for in the environment, or empty when not run by systemd as Type=notify. */
    static Optional<SystemdNotifier> fromEnvironment(Map<String, String> env) {
        String path = env.get("NOTIFY_SOCKET");
        if (path == null || path.isEmpty() || path.length() >= SUN_PATH_MAX) {
            return Optional.empty();
        }
        return Optional.of(new SystemdNotifier(path));
    }

    /** Where the notifications go. */
    String socket() {
        return socket;
    }

    /**
     * Sends one notification (lines of {@code KEY=VALUE}).
     *
     * @throws IllegalStateException with the socket and errno when it could not be sent
     */
    void send(String state) {
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        LibC c = libc();
        int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        try {
            c.sendto(fd, message, message.length, MSG_NOSIGNAL, address, address.length);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot notify systemd on " + socket + ": errno " + e.getErrorCode(), e);
        } finally {
            c.close(fd);
        }
    }

    private LibC libc() {
        LibC c = libc;
        if (c == null) {
            c = Native.load("c", LibC.class);
            libc = c;
        }
        return c;
    }

    /** struct sockaddr_un: the family in native order, then the path (NUL-terminated) or the abstract name. */
    static byte[] sockaddr(String socket) {
        boolean abstractName = socket.startsWith("@");
        byte[] name = (abstractName ? socket.substring(1) : socket).getBytes(StandardCharsets.UTF_8);
        int length = 2 + 1 + name.length;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX);
        if (abstractName) {
            b.put((byte) 0).put(name);
        } else {
            b.put(name).put((byte) 0);
        }
        return b.array();
    }
}
