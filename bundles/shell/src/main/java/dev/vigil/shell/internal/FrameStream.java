package dev.vigil.shell.internal;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes what a command prints as frames of the remote-shell protocol: one kind byte
 * ({@code 'O'} output, {@code 'E'} errors, {@code 'X'} end of command), a length or exit
 * code as a 4-byte int, then the bytes.
 */
final class FrameStream extends OutputStream {
    private final DataOutputStream wire;
    private final byte kind;

    FrameStream(DataOutputStream wire, char kind) {
        this.wire = wire;
        this.kind = (byte) kind;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        synchronized (wire) {
            wire.writeByte(kind);
            wire.writeInt(len);
            wire.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        wire.flush();
    }

    /** Ends one command's output with its exit code. */
    static void end(DataOutputStream wire, int exitCode) throws IOException {
        synchronized (wire) {
            wire.writeByte('X');
            wire.writeInt(exitCode);
            wire.flush();
        }
    }
}
