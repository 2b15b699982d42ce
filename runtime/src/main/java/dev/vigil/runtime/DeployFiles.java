package dev.vigil.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * What is wrong with the jars of {@code deploy/} that FileInstall did not install: it passes
 * over a file that is not a jar, or a jar without a bundle manifest, silently at every poll.
 * A file is looked at once it has kept its size and time for a poll (so not while it is being
 * written), and again only when it changes.
 */
final class DeployFiles {
    /** How long a readable bundle may wait for FileInstall before it counts as refused. */
    private static final long INSTALL_GRACE_MS = 10_000;

    private final Path deploy;
    /** Each file's size and time when last seen, and whether it was judged. */
    private final Map<Path, String> seen = new HashMap<>();
    private final Map<Path, Long> firstSeen = new HashMap<>();

    DeployFiles(Path deploy) {
        this.deploy = deploy;
    }

    /**
     * The problem of each file not installed, by its name in deploy/; only new problems.
     * @param bundles every bundle of the framework, to recognise a second copy of one
     */
    Map<String, String> problems(Set<Path> installed, Bundle[] bundles) {
        Map<String, String> out = new HashMap<>();
        try (Stream<Path> list = Files.list(deploy)) {
            list.filter(p -> p.getFileName().toString().endsWith(".jar") && !installed.contains(p))
                    .forEach(p -> judge(p, bundles, out));
        } catch (IOException e) {
            out.put(".", "cannot list " + deploy + ": " + e.getMessage());
        }
        seen.keySet().removeIf(p -> !Files.exists(p) || installed.contains(p));
        firstSeen.keySet().retainAll(seen.keySet());
        return out;
    }

    /** Whether a file is still to be judged: it was changing at the last look, or waits for FileInstall. */
    boolean waiting() {
        return seen.values().stream().anyMatch(s -> !s.endsWith("!"));
    }

    private void judge(Path file, Bundle[] bundles, Map<String, String> out) {
        String stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = a.size() + "@" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return;
        }
        String before = seen.put(file, stamp);
        firstSeen.putIfAbsent(file, System.currentTimeMillis());
        if (before == null || !before.startsWith(stamp)) {
            firstSeen.put(file, System.currentTimeMillis());
            return;
        }
        if (before.endsWith("!")) {
            return;
        }
        String problem = inspect(file);
        if (problem == null) {
            problem = copyOf(file, bundles);
        }
        if (problem == null && System.currentTimeMillis() - firstSeen.get(file) > INSTALL_GRACE_MS) {
            problem = "is a bundle but was not installed; FileInstall's reason is in logs/vigil.log";
        }
        if ("".equals(problem)) {
            seen.put(file, stamp + "!");
        } else if (problem != null) {
            seen.put(file, stamp + "!");
            out.put(file.getFileName().toString(), problem);
        }
    }

    /**
     * Whether the jar is a bundle the framework has already, same name and version (the base
     * stack's ConfigAdmin dropped in again): the framework refuses a second copy, and nothing changed.
     * "" for one of Vigil's own bundles, which FileInstall updates in place with it.
     */
    static String copyOf(Path file, Bundle[] bundles) {
        try (JarFile jar = new JarFile(file.toFile())) {
            java.util.jar.Attributes a = jar.getManifest().getMainAttributes();
            String name = a.getValue("Bundle-SymbolicName").split(";")[0].trim();
            Version version = Version.parseVersion(a.getValue("Bundle-Version") == null ? "0" : a.getValue("Bundle-Version").trim());
            for (Bundle b : bundles) {
                if (name.equals(b.getSymbolicName()) && BaseStackHook.isVigil(b) && !inDir(b, file.getParent())) {
                    return ""; // one of Vigil's shipped bundles: the hot upgrade updates it in place and reports itself
                }
                if (name.equals(b.getSymbolicName()) && version.equals(b.getVersion()) && BaseStackHook.isVigil(b)) {
                    return ""; // FileInstall updated one of Vigil's own bundles in place with it: the hot upgrade
                }
                if (name.equals(b.getSymbolicName()) && version.equals(b.getVersion())) {
                    String from = b.getLocation().substring(b.getLocation().lastIndexOf('/') + 1);
                    return "is " + name + " " + version + ", which Vigil runs already (bundle " + b.getBundleId()
                            + ", " + from + "); a second copy of the same version is not installed and nothing"
                            + " changed; remove the file, or drop another version to add it";
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean inDir(Bundle b, Path dir) {
        try {
            return b.getLocation().startsWith("file:")
                    && dir.toAbsolutePath().normalize().equals(Path.of(java.net.URI.create(b.getLocation())).getParent());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Why a file cannot be a bundle, or null when it looks like one. */
    static String inspect(Path file) {
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest m = jar.getManifest();
            if (m == null || m.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "is a jar but not an OSGi bundle (no Bundle-SymbolicName in META-INF/MANIFEST.MF);"
                        + " build it as a bundle or remove it";
            }
            return null;
        } catch (IOException | SecurityException e) {
            return "is not a readable jar (" + e.getMessage() + "); replace it with a bundle jar or remove it";
        }
    }
}
