package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * A real Felix framework booted in this JVM by the launcher, with the distribution's
 * bundles: every bundle resolves and starts, every Declarative Services component is active.
 */
class FrameworkIT {
    private static final int SCR_SATISFIED = 4;
    private static final int SCR_ACTIVE = 8;

    @TempDir
    Path tmp;
    Daemon daemon;
    BundleContext context;

    private int http;
    private Path data;

    @BeforeEach
    void boot() throws Exception {
        Dist dist = new Dist(tmp);
        data = dist.home.resolve("data");
        int port = Dist.freePort();
        http = FreePorts.consecutive(1);
        Path config = dist.writeConfig("one.json", "{\"system\": {\"http\": {\"port\": " + RecoveryCliIT.range(http, 1)
                + "}}, \"services\": {" + Dist.demoService("solo", port, "") + "}}");
        daemon = new Daemon(new Layout(dist.home), new Launch(config, null), false, System.err);
        assertNull(daemon.start(), "the daemon did not become ready");
        context = daemon.context();
    }

    @AfterEach
    void shutdown() {
        InFramework.awaitHttp(data);
        daemon.shutdown();
    }

    @Test
    void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertTrue(notActive.isEmpty(), "bundles not active: " + notActive);
        assertTrue(context.getBundles().length >= 15, "expected the whole distribution installed");
    }

    @Test
    void everyComponentIsActive() throws Exception {
        ServiceReference<?> ref = only("org.osgi.service.component.runtime.ServiceComponentRuntime");
        Object scr = context.getService(ref);
        Class<?> api = ref.getBundle().loadClass("org.osgi.service.component.runtime.ServiceComponentRuntime");
        Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
        Method configurations = api.getMethod("getComponentConfigurationDTOs",
                ref.getBundle().loadClass("org.osgi.service.component.runtime.dto.ComponentDescriptionDTO"));
        Map<String, Integer> states = new TreeMap<>();
        for (Object description : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
            String name = (String) description.getClass().getField("name").get(description);
            Collection<?> configs = (Collection<?>) configurations.invoke(scr, description);
            int state = configs.isEmpty() ? -1 : (Integer) configs.iterator().next().getClass().getField("state")
                    .get(configs.iterator().next());
            states.put(name, state);
        }
        assertTrue(states.keySet().containsAll(List.of(
                "dev.vigil.config.internal.ConfigPublisher",
                "dev.vigil.config.internal.ConfigCommands",
                "dev.vigil.ports.internal.LeasedPortAllocator",
                "dev.vigil.supervisor.internal.ProcessSupervisor",
                "dev.vigil.shell.internal.RemoteShell",
                "dev.vigil.shell.internal.VigilCommands")), "components found: " + states.keySet());
        // A delayed component (a check type's parameter validator) is SATISFIED until first used.
        states.forEach((name, state) -> assertTrue(state == SCR_ACTIVE || state == SCR_SATISFIED,
                name + " is neither active nor satisfied: " + state));
        List.of("dev.vigil.config.internal.ConfigPublisher", "dev.vigil.supervisor.internal.ProcessSupervisor",
                "dev.vigil.shell.internal.RemoteShell").forEach(name ->
                assertEquals(SCR_ACTIVE, states.get(name), name + " is not active"));
    }

    // The test's class path holds its own copies of these API classes, so look services up
    // by name without the class-space check that would hide the framework's ones.
    private ServiceReference<?> only(String objectClass) throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(objectClass, null);
        assertTrue(refs != null && refs.length == 1, "expected one " + objectClass);
        return refs[0];
    }

    @Test
    void supervisorIsRegisteredAsReady() throws Exception {
        ServiceReference<?> ref = only("dev.vigil.api.Supervisor");
        assertEquals(Boolean.TRUE, ref.getProperty("vigil.ready"));
    }
}
