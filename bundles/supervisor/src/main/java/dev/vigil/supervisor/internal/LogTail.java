package dev.vigil.supervisor.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** What a service wrote to its log since its launch, read to tell a port conflict from a crash. */
final class LogTail {
    private static final int LAST_BYTES = 16 * 1024;

    private LogTail() {
    }

    /** Whether the log, from {@code offset} on (its last 16 KiB at most), says the address was in use. */
    static boolean saysAddressInUse(Path log, long offset) {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long from = Math.max(offset, ch.size() - LAST_BYTES);
            if (from >= ch.size()) {
                return false;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) (ch.size() - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read until full
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            return text.contains("address already in use") || text.contains("eaddrinuse");
        } catch (IOException e) {
            return false;
        }
    }
}
