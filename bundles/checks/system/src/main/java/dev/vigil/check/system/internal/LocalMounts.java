package dev.vigil.check.system.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The host's local mount points, listed again only when the kernel's mount table changed.
 * Listing them through OSHI runs {@code lsblk} and a JNA call per mount, about 2 ms of CPU and
 * a process each time: the daemon's own {@code system} check did that every 2 s
 * (bench/footprint.sh). Reading {@code /proc/self/mounts} to see whether anything changed
 * costs a file read. Where that table cannot be read (not Linux) they are listed every time.
 */
final class LocalMounts {
    static final Path TABLE = Path.of("/proc/self/mounts");

    private final Supplier<List<String>> list;
    private final Supplier<String> table;
    // Guarded by this.
    private String listedAt;
    private List<String> mounts;

    /** {@code list} lists the mount points; {@code table} is the mount table now, or null when unknown. */
    LocalMounts(Supplier<List<String>> list, Supplier<String> table) {
        this.list = list;
        this.table = table;
    }

    /** The kernel's mount table as text, or null when it cannot be read. */
    static String readTable() {
        try {
            return Files.readString(TABLE);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The mount points now: the last list while the mount table is the same, a new one otherwise. */
    synchronized List<String> now() {
        String t = table.get();
        if (mounts == null || t == null || !t.equals(listedAt)) {
            mounts = List.copyOf(list.get());
            listedAt = t;
        }
        return mounts;
    }
}
