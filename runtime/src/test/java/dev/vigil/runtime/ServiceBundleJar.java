package dev.vigil.runtime;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a service bundle with bnd, as a user's build would: a {@code Vigil-Services}
 * header naming {@code vigil/services.json}, the services in the config format, and
 * optionally the check type of dev.vigil.it.svc beside them.
 */
final class ServiceBundleJar {
    static final String RESOURCE = "vigil/services.json";

    private ServiceBundleJar() {
    }

    /**
     * @param work         a folder for the JSON file bnd includes
     * @param withCheck    whether the bundle also carries the test's check type
     */
    static void build(Path apiJar, Path work, String symbolicName, String servicesJson, boolean withCheck, Path target)
            throws Exception {
        Path json = Files.createTempFile(work, "services", ".json");
        Files.writeString(json, servicesJson, StandardCharsets.UTF_8);
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", symbolicName);
            b.setProperty("Bundle-Version", "1.0.0");
            b.setProperty("Vigil-Services", RESOURCE);
            b.setProperty("-includeresource", RESOURCE + "=" + json);
            if (withCheck) {
                b.setProperty("Private-Package", "dev.vigil.it.svc");
                b.setProperty("-dsannotations", "*");
            } else {
                b.setProperty("-resourceonly", "true");
            }
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
