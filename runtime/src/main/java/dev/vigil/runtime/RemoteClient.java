package dev.vigil.runtime;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The client side of the remote shell on {@code data/vigil.sock}: sends an operation and
 * prints the frames that come back (output to stdout, errors to stderr) until the end
 * frame, whose exit code it returns.
 */
final class RemoteClient implements AutoCloseable {
    /** What the CLI returns when no daemon answers. */
    static final int UNREACHABLE = 3;

    private final SocketChannel channel;
    private final DataInputStream in;
    private final DataOutputStream out;

    private RemoteClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        this.out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
    }

    /** @throws IOException when no daemon listens on the socket */
    static RemoteClient connect(Path socket) throws IOException {
        return new RemoteClient(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    /** Sends an operation with its arguments (each a string). */
    RemoteClient send(String... parts) throws IOException {
        for (String p : parts) {
            out.writeUTF(p);
        }
        out.flush();
        return this;
    }

    /**
     * Copies frames to the two streams until the end of one command.
     *
     * @return its exit code
     * @throws EOFException if the daemon hung up before the end
     */
    int relay(PrintStream stdout, PrintStream stderr) throws IOException {
        while (true) {
            int kind = in.readByte();
            int n = in.readInt();
            switch (kind) {
                case 'X' -> {
                    stdout.flush();
                    stderr.flush();
                    return n;
                }
                case 'O', 'E' -> {
                    if (n < 0 || n > 64 * 1024 * 1024) {
                        throw new IOException("corrupt frame from the daemon (length " + n + ")");
                    }
                    byte[] data = in.readNBytes(n);
                    (kind == 'O' ? stdout : stderr).write(data, 0, data.length);
                }
                default -> throw new IOException("corrupt frame from the daemon (kind " + kind + ")");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
