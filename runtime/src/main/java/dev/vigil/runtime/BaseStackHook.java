package dev.vigil.runtime;

import java.util.Collection;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.hooks.bundle.FindHook;

/**
 * Hides the base stack's standard bundles (SCR, ConfigAdmin, Metatype, EventAdmin, Gogo,
 * FileInstall, ...) from FileInstall. FileInstall takes a jar of deploy/ with the symbolic name
 * and version of an installed bundle for that bundle: it updates it in place (refreshing
 * everything wired to it) and uninstalls it when the jar is deleted. Not seeing them, it
 * installs the jar as a bundle of its own, which the framework refuses as a second copy of the
 * same version, and the base stack stays as it is. Vigil's own bundles stay visible: a newer
 * build of one dropped in replaces it in place, the hot upgrade.
 */
final class BaseStackHook implements FindHook {
    private static final String FILEINSTALL = "org.apache.felix.fileinstall";
    private final Set<String> baseLocations;

    BaseStackHook(Set<String> baseLocations) {
        this.baseLocations = Set.copyOf(baseLocations);
    }

    @Override
    public void find(BundleContext context, Collection<Bundle> bundles) {
        Bundle finder;
        try {
            finder = context.getBundle();
        } catch (IllegalStateException e) {
            return;
        }
        if (finder == null || !FILEINSTALL.equals(finder.getSymbolicName())) {
            return;
        }
        bundles.removeIf(b -> baseLocations.contains(b.getLocation()) && !isVigil(b));
    }

    static boolean isVigil(Bundle b) {
        return b.getSymbolicName() != null && b.getSymbolicName().startsWith("dev.vigil.");
    }
}
