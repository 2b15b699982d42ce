package dev.vigil.runtime;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds a bundle from the test classes with bnd, as a user's build would: one package of
 * the tests made private to it, its DS components described, its imports versioned against
 * the jars given.
 */
final class TestBundle {
    private TestBundle() {
    }

    /**
     * @param pkg        the test package to put in the bundle, or null for a bundle of resources only
     * @param properties more bnd instructions and headers
     * @param classpath  the jars its imports come from (vigil-api.jar, ...)
     */
    static void build(String symbolicName, String pkg, Map<String, String> properties, Path target, Path... classpath)
            throws Exception {
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", symbolicName);
            b.setProperty("Bundle-Version", "1.0.0");
            if (pkg != null) {
                b.setProperty("Private-Package", pkg);
                b.setProperty("-dsannotations", "*");
            } else {
                b.setProperty("-resourceonly", "true");
            }
            properties.forEach(b::setProperty);
            b.addClasspath(new File("target/test-classes"));
            for (Path jar : classpath) {
                b.addClasspath(jar.toFile());
            }
            Jar jar = b.build();
            if (!b.getErrors().isEmpty()) {
                throw new IllegalStateException("bnd: " + b.getErrors());
            }
            jar.write(target.toFile());
        }
    }
}
