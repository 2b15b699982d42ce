package dev.vigil.check.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalMountsTest {
    private final AtomicInteger listed = new AtomicInteger();
    private final AtomicReference<List<String>> mountPoints = new AtomicReference<>(List.of("/"));
    private final AtomicReference<String> table = new AtomicReference<>("/dev/sda1 / ext4 rw 0 0\n");
    private final LocalMounts mounts = new LocalMounts(() -> {
        listed.incrementAndGet();
        return mountPoints.get();
    }, table::get);

    @Test
    void theMountsAreListedAgainOnlyWhenTheMountTableChanged() {
        assertEquals(List.of("/"), mounts.now());
        assertEquals(List.of("/"), mounts.now());
        assertEquals(1, listed.get());

        mountPoints.set(List.of("/", "/data"));
        table.set("/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /data ext4 rw 0 0\n");
        assertEquals(List.of("/", "/data"), mounts.now());
        assertEquals(2, listed.get());
    }

    @Test
    void withoutAMountTableTheyAreListedEveryTime() {
        table.set(null);
        mounts.now();
        mounts.now();
        assertEquals(2, listed.get());
    }
}
