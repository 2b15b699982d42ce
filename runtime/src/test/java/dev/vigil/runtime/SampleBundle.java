package dev.vigil.runtime;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.File;
import java.nio.file.Path;

/** Builds the test check-type bundle (dev.vigil.it.sample) with bnd, as the build would. */
final class SampleBundle {
    private SampleBundle() {
    }

    static void build(Path apiJar, Path target) throws Exception {
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", "dev.vigil.it.sample");
            b.setProperty("Bundle-Version", "1.0.0");
            b.setProperty("Private-Package", "dev.vigil.it.sample");
            b.setProperty("-dsannotations", "*");
            b.addClasspath(new File("target/test-classes"));
            b.addClasspath(apiJar.toFile());
            Jar jar = b.build();
            if (!b.getErrors().isEmpty()) {
                throw new IllegalStateException("bnd: " + b.getErrors());
            }
            jar.write(target.toFile());
        }
    }
}
