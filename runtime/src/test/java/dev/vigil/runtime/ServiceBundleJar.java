package dev.vigil.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
        TestBundle.build(symbolicName, withCheck ? "dev.vigil.it.svc" : null,
                Map.of("Vigil-Services", RESOURCE, "-includeresource", RESOURCE + "=" + json), target, apiJar);
    }
}
