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

    /** Creates the writable folders; the data folder is the owner's alone, as it holds the shell socket. */
    void prepare() throws IOException {
        Files.createDirectories(deploy());
        Files.createDirectories(logs());
        Files.createDirectories(data());
        Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwx------"));
    }
}
