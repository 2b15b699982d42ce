package dev.vigil.supervisor.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.recovery.ServiceControl;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a definition and its ports into a running process: argv with the ports filled in,
 * the environment with the ports and Vigil's marker, output appended to its log. Never a
 * shell. The marker (service and installation) is how Vigil later knows a process as its
 * own, and the only processes it will ever signal that it did not start in this run.
 */
final class Launcher {
    private final String installation;
    private final Function<String, Map<String, Integer>> portsOf;

    /**
     * @param installation this installation's id, put into every service's environment
     * @param portsOf      the ports another service was given at its last launch, for {@code ${port.SERVICE.NAME}}
     */
    Launcher(String installation, Function<String, Map<String, Integer>> portsOf) {
        this.installation = installation;
        this.portsOf = portsOf;
    }

    Process launch(ServiceDefinition definition, Map<String, Integer> ports, Path logFile) throws IOException {
        PortReferences refs = new PortReferences(ports, portsOf);
        ProcessBuilder builder = new ProcessBuilder(refs.fill(definition.command()))
                .directory(definition.workingDir().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        definition.env().forEach((k, v) -> env.put(k, refs.fill(v)));
        env.put(ServiceControl.MARKER_SERVICE, definition.name());
        env.put(ServiceControl.MARKER_INSTALLATION, installation);
        ports.forEach((name, port) -> env.put("VIGIL_PORT_" + name.toUpperCase(Locale.ROOT), port.toString()));
        if (ports.size() == 1) {
            env.put("PORT", ports.values().iterator().next().toString());
        }
        Process started = builder.start();
        org.slf4j.LoggerFactory.getLogger(Launcher.class).info("Started {} (pid {}): {}", definition.name(),
                started.pid(), builder.command());
        return started;
    }
}
