package dev.vigil.shell.internal;

import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Turns a bundle id, symbolic name or location typed in the shell into a {@link Bundle}, so
 * that the Felix commands taking bundles ({@code headers 29}, {@code stop 29},
 * {@code update 29}, {@code inspect cap osgi.wiring.package 29}) work. Gogo Command does not
 * bring this converter (Gogo JLine does, and Vigil does not install it).
 */
@Component(service = Converter.class)
public final class BundleArgument implements Converter {
    private final BundleContext system;

    @Activate
    public BundleArgument(BundleContext context) {
        // The system bundle's context sees every bundle, whatever find hooks are installed.
        this.system = context.getBundle(Constants.SYSTEM_BUNDLE_ID).getBundleContext();
    }

    /** The bundle {@code in} names, or null when it names none (Gogo then tries its other converters). */
    @Override
    public Object convert(Class<?> desiredType, Object in) {
        if (desiredType != Bundle.class || in == null) {
            return null;
        }
        String text = in.toString();
        if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            try {
                return system.getBundle(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        for (Bundle b : system.getBundles()) {
            if (text.equals(b.getSymbolicName()) || text.equals(b.getLocation())) {
                return b;
            }
        }
        return null;
    }

    /** Bundles are formatted by Gogo's defaults. */
    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        return null;
    }
}
