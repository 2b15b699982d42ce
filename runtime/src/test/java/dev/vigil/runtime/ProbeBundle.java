package dev.vigil.runtime;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.File;
import java.nio.file.Path;

/** Builds the health tests' check-type bundle (dev.vigil.it.health, type "probe") with bnd, as the build would. */
final class ProbeBundle {
    private ProbeBundle() {
    }

    static void build(Path apiJar, Path target) throws Exception {
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", "dev.vigil.it.health");
            b.setProperty("Bundle-Version", "1.0.0");
            b.setProperty("Private-Package", "dev.vigil.it.health");
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
