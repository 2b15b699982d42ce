package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where Felix's bundle cache goes: shared memory, the owner's alone, gone at the stop; else data/. */
class BundleCacheTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(said, true, StandardCharsets.UTF_8);
    private Layout layout;

    @BeforeEach
    void prepare() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/dev/shm")) && "tmpfs".equals(Files.getFileStore(Path.of("/dev/shm")).type()),
                "no tmpfs /dev/shm here");
        layout = new Layout(home);
        layout.prepare();
    }

    @Test
    void theCacheIsInSharedMemoryTheOwnersAloneAndGoneOnceReleased() throws Exception {
        Path old = Files.createDirectories(layout.data().resolve("felix-cache/bundle1"));
        BundleCache cache = BundleCache.choose(layout, console);
        Path dir = cache.dir();
        assertTrue(dir.startsWith("/dev/shm"), dir.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertFalse(Files.exists(old.getParent()), "the copy an earlier version left in data/ is gone");
        Files.createDirectories(dir.resolve("bundle7/version0.0"));
        Files.writeString(dir.resolve("bundle7/bundle.info"), "x");
        assertEquals(dir, BundleCache.choose(layout, console).dir(), "the same installation, the same cache");
        cache.release();
        assertFalse(Files.exists(dir));
        assertEquals("", said.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anotherInstallationHasACacheOfItsOwn(@TempDir Path other) throws Exception {
        Layout second = new Layout(other);
        second.prepare();
        BundleCache a = BundleCache.choose(layout, console);
        BundleCache b = BundleCache.choose(second, console);
        assertNotEquals(a.dir(), b.dir());
        a.release();
        b.release();
    }

    @Test
    void aLinkPlantedWhereTheCacheGoesIsRefusedAndNotFollowed(@TempDir Path elsewhere) throws Exception {
        BundleCache first = BundleCache.choose(layout, console);
        Path dir = first.dir();
        first.release();
        Path target = Files.createDirectories(elsewhere.resolve("victim"));
        Files.writeString(target.resolve("keep.txt"), "mine");
        Files.createSymbolicLink(dir, target);
        try {
            BundleCache cache = BundleCache.choose(layout, console);
            assertEquals(layout.data().resolve("felix-cache"), cache.dir());
            assertTrue(said.toString(StandardCharsets.UTF_8).contains(dir + " exists and is not a directory"),
                    said.toString(StandardCharsets.UTF_8));
            cache.release();
            assertTrue(Files.exists(target.resolve("keep.txt")), "nothing behind the link was touched");
        } finally {
            Files.deleteIfExists(dir);
        }
        assertFalse(Files.exists(dir, LinkOption.NOFOLLOW_LINKS));
    }
}
