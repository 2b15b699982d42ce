package dev.vigil.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What the jars of a distribution provide, for {@code vigil check-config}, which runs
 * without a framework: the jars of {@code bundles/} (what the daemon starts with) and of
 * {@code deploy/} (what it hot-deploys). Each jar's validators are created from that jar
 * alone, over the config bundle's own copy of the api.
 */
final class InstalledJars {
    private InstalledJars() {
    }

    /**
     * @return what the folders of {@code home} provide, or {@link Installed#SHIPPED} when it has
     *         no {@code bundles/} folder (not a distribution: then nothing can be told about check types)
     */
    static Installed in(Path home) {
        Path bundles = home.resolve("bundles");
        if (!Files.isDirectory(bundles)) {
            return Installed.SHIPPED;
        }
        ComponentDescriptions.Found found = new ComponentDescriptions.Found();
        for (Path jar : jars(bundles, home.resolve("deploy"))) {
            read(jar, found);
        }
        return new Installed("is in " + bundles + " or " + home.resolve("deploy"), "there", found.checkTypes,
                found.validators, found.strategies, found.sinkTypes);
    }

    private static List<Path> jars(Path... folders) {
        List<Path> out = new ArrayList<>();
        for (Path folder : folders) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
                } catch (IOException e) {
                    // An unreadable folder provides nothing, as it would to the daemon.
                }
            }
        }
        return out;
    }

    private static void read(Path jar, ComponentDescriptions.Found found) {
        try (JarFile file = new JarFile(jar.toFile())) {
            String header = file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue(ComponentDescriptions.HEADER);
            List<ComponentDescriptions.Component> components = new ArrayList<>();
            for (String path : ComponentDescriptions.paths(header)) {
                for (JarEntry entry : file.stream().filter(e -> ComponentDescriptions.matches(path, e.getName())).toList()) {
                    try (InputStream in = file.getInputStream(entry)) {
                        components.addAll(ComponentDescriptions.parse(in));
                    }
                }
            }
            if (components.isEmpty()) {
                return;
            }
            // Left open: the validators created from it are used until the tool exits.
            URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, InstalledJars.class.getClassLoader());
            found.add(components, name -> Class.forName(name, true, loader));
        } catch (IOException e) {
            // Not a readable jar: it provides nothing, and the daemon would refuse to install it too.
        }
    }
}
