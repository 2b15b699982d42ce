package dev.vigil.runtime;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where an installation keeps its parts. The home is the distribution folder (the
 * {@code vigil.home} system property, set by {@code bin/vigil}, or the parent of
 * {@code lib/} holding this jar).
 */
record Layout(Path home) {

    static Layout detect() {
        String prop = System.getProperty("vigil.home");
        if (prop != null) {
            return new Layout(Path.of(prop).toAbsolutePath().normalize());
        }
        try {
            Path jar = Path.of(Layout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new Layout(jar.getParent().getParent().toAbsolutePath().normalize());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where Vigil is installed; set -Dvigil.home", e);
        }
    }

    Path bundles() {
        return home.resolve("bundles");
    }

    Path features() {
        return home.resolve("features");
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    Path data() {
        return home.resolve("data");
    }

    Path logs() {
        return home.resolve("logs");
    }

    Path defaultConfig() {
        return home.resolve("config").resolve("vigil.json");
    }

    Path socket() {
        return data().resolve("vigil.sock");
    }

    Path pidFile() {
        return data().resolve("vigil.pid");
    }

    Path lockFile() {
        return data().resolve("vigil.lock");
    }

    /**
     * Creates the writable folders: the data folder is the owner's alone (it holds the shell
     * socket, the token, the journal); the logs folder can be read by the owner's group.
     */
    void prepare() throws IOException {
        Files.createDirectories(deploy());
        Files.createDirectories(logs());
        Files.setPosixFilePermissions(logs(), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(data());
        Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwx------"));
    }

    /** Creates a log file readable by the owner's group only (0640), or narrows an existing one to that. */
    static void createPrivate(Path file) throws IOException {
        var mode = PosixFilePermissions.fromString("rw-r-----");
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(mode));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // Created meanwhile: narrowed below.
            }
        }
        Files.setPosixFilePermissions(file, mode);
    }
}
