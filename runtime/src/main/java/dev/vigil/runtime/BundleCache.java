package dev.vigil.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Where Felix keeps its bundle cache. It is scratch: every start cleans it and installs the
 * bundles again, some 60 of them, each a handful of small files written, and the whole tree
 * deleted at the next start. On a virtual disk those metadata writes took most of the
 * framework's boot under load (bench/footprint.sh), so the cache lives in shared memory
 * when there is one: {@code /dev/shm/vigil-<user>-<hash of the home>}, a directory of the
 * owner's alone (0700), refused if it is anything else (a link, another user's). Otherwise,
 * or when that fails, it is {@code data/felix-cache} as before. Nothing in it outlives the
 * daemon: it is deleted when the daemon stops.
 */
final class BundleCache {
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final Path dir;
    private final boolean inMemory;

    private BundleCache(Path dir, boolean inMemory) {
        this.dir = dir;
        this.inMemory = inMemory;
    }

    /** The cache for this installation; says on CONSOLE why it is not in memory when it cannot be. */
    static BundleCache choose(Layout layout, PrintStream console) {
        Path onDisk = layout.data().resolve("felix-cache");
        Path memory = SHARED_MEMORY.resolve("vigil-" + System.getProperty("user.name", "user").replaceAll("[^\\w.-]", "_")
                + "-" + digest(layout.home().toString()));
        try {
            if (!Files.isDirectory(SHARED_MEMORY) || !isTmpfs(Files.getFileStore(SHARED_MEMORY))) {
                return new BundleCache(onDisk, false);
            }
            String problem = ownDirectory(memory, Files.readAttributes(layout.data(), PosixFileAttributes.class));
            if (problem != null) {
                console.println("vigil: the bundle cache stays in " + onDisk + ": " + problem);
                return new BundleCache(onDisk, false);
            }
            // A cache an earlier version left in data/ is 24 MB or more of copies nothing reads.
            delete(onDisk);
            return new BundleCache(memory, true);
        } catch (IOException | UnsupportedOperationException e) {
            console.println("vigil: the bundle cache stays in " + onDisk + ": " + e);
            return new BundleCache(onDisk, false);
        }
    }

    Path dir() {
        return dir;
    }

    /** Frees the memory the cache takes, once the framework has stopped. */
    void release() throws IOException {
        if (inMemory) {
            delete(dir);
        }
    }

    private static boolean isTmpfs(FileStore store) {
        return "tmpfs".equals(store.type());
    }

    /** Creates DIR as the owner's alone, or checks that it is; what is wrong with it, or null. */
    private static String ownDirectory(Path dir, PosixFileAttributes data) throws IOException {
        EnumSet<PosixFilePermission> ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made meanwhile: checked below like any other
            }
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            return dir + " exists and is not a directory (a link, or a file); remove it";
        }
        if (!a.owner().equals(data.owner())) {
            return dir + " belongs to " + a.owner().getName() + ", not to " + data.owner().getName() + "; remove it";
        }
        if (!a.permissions().equals(ownerOnly)) {
            Files.setPosixFilePermissions(dir, ownerOnly);
        }
        return null;
    }

    private static void delete(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(tree)) { // links are not followed: only what is in the tree goes
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
