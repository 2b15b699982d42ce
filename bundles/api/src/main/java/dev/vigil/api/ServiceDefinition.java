package dev.vigil.api;

import dev.vigil.api.port.PortSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service as the configuration defines it. Immutable; two definitions are equal exactly
 * when running them would be the same, which is how a changed service is recognised.
 *
 * @param name       unique name, also the name of its log file; {@code NAME#i} for instance i of a
 *                   service with {@code "instances"} (see {@link #groupOf})
 * @param command    argv array, never a shell string; {@code command.get(0)} is the program;
 *                   {@code ${port.NAME}} is left in place, to be filled in when ports are assigned
 * @param workingDir directory the process starts in
 * @param env        variables added to the daemon's environment (may hold {@code ${port.NAME}} too)
 * @param ports      named ports, as asked for; the numbers are assigned at each start
 * @param checks     health checks, in the order they were declared
 * @param dependsOn  services that must be started before this one
 * @param recovery   recovery strategy names, in the order they are tried
 * @param verifyTimeout how long a recovery action is given to make the service healthy
 *                   before it counts as failed and the next strategy is tried
 * @param restart    restart policy after a crash
 * @param stopTimeout how long a SIGTERM is given before SIGKILL
 * @param autostart  whether the daemon starts it on its own
 * @param origin     where it was defined, such as {@code file:/etc/vigil/vigil.json}
 * @param user       the user the process runs as, or null for the daemon's own
 * @param group      the group it runs as, or null for the user's primary group
 * @param log        how its output is kept and rotated
 */
public record ServiceDefinition(String name, List<String> command, Path workingDir,
                                Map<String, String> env, Map<String, PortSpec> ports,
                                List<CheckSpec> checks, List<String> dependsOn,
                                List<String> recovery, Duration verifyTimeout, RestartPolicy restart,
                                Duration stopTimeout, boolean autostart, String origin,
                                String user, String group, LogPolicy log) {
    /** What a service tries when its config has no {@code recovery} list. */
    public static final List<String> DEFAULT_RECOVERY = List.of("evict-squatter", "reassign-port", "restart");
    /** How long a repair is given when neither the service nor {@code defaults.recovery} says. */
    public static final Duration DEFAULT_VERIFY_TIMEOUT = Duration.ofSeconds(20);

    /** Between a service's name and an instance number: {@code web#2}. No configured name holds it. */
    public static final char INSTANCE_MARK = '#';

    public ServiceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(verifyTimeout, "verifyTimeout");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(log, "log");
        if (group != null && user == null) {
            throw new IllegalArgumentException("service " + name + ": a group needs a user");
        }
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("service " + name + ": command is empty");
        }
        env = Map.copyOf(env);
        ports = Map.copyOf(ports);
        checks = List.copyOf(checks);
        dependsOn = List.copyOf(dependsOn);
        recovery = List.copyOf(recovery);
    }

    /** A service run as the daemon's own user, with the default log policy. */
    public ServiceDefinition(String name, List<String> command, Path workingDir, Map<String, String> env,
                             Map<String, PortSpec> ports, List<CheckSpec> checks, List<String> dependsOn,
                             List<String> recovery, Duration verifyTimeout, RestartPolicy restart,
                             Duration stopTimeout, boolean autostart, String origin) {
        this(name, command, workingDir, env, ports, checks, dependsOn, recovery, verifyTimeout, restart,
                stopTimeout, autostart, origin, null, null, LogPolicy.DEFAULT);
    }

    /** The name of instance {@code number} (from 1) of the service {@code group}: {@code web#2}. */
    public static String instanceName(String group, int number) {
        return group + INSTANCE_MARK + number;
    }

    /** The configured service {@code name} belongs to: {@code web} for {@code web#2}, else the name itself. */
    public static String groupOf(String name) {
        int at = name.lastIndexOf(INSTANCE_MARK);
        return at < 0 ? name : name.substring(0, at);
    }

    /**
     * Whether the service {@code name} is what {@code dependency} (a name in {@code dependsOn}
     * or {@code ${port.SERVICE.NAME}}) refers to: the service itself, or one of its instances.
     */
    public static boolean answersTo(String name, String dependency) {
        return name.equals(dependency) || groupOf(name).equals(dependency);
    }
}
