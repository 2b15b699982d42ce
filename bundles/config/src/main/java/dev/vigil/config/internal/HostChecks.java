package dev.vigil.config.internal;

import com.google.gson.JsonObject;
import dev.vigil.api.ServiceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code vigil check-config} can tell of this host beyond the file: a user or group that
 * does not exist, users a non-root daemon cannot switch to, a program not found, a working
 * directory missing. Warnings only: the config may be meant for another host.
 */
final class HostChecks {
    private final Fields f;
    private final Host host;
    private final Set<String> said = new HashSet<>();

    HostChecks(Fields f, Host host) {
        this.f = f;
        this.host = host;
    }

    void check(Map<String, ServiceDefinition> services, JsonObject json) {
        for (ServiceDefinition s : services.values()) {
            String path = "services." + s.name();
            JsonObject svc = json.getAsJsonObject(s.name());
            if (s.user() != null) {
                user(s.user(), svc.has("user") ? path + ".user" : "defaults.user");
            }
            if (s.group() != null && !host.groupExists().test(s.group())) {
                warn(svc.has("group") ? path + ".group" : "defaults.group", "no group \"" + s.group()
                        + "\" on this host; the service cannot start here (fine if the config is for another host)");
            }
            program(s.command(), s.workingDir(), path + ".command[0]");
            if (!Files.isDirectory(s.workingDir())) {
                warn(path + ".cwd", "the directory " + s.workingDir() + " does not exist on this host; the service"
                        + " cannot start here until it does: create it or fix \"cwd\"");
            }
        }
    }

    private void user(String user, String path) {
        if (!host.userExists().test(user)) {
            warn(path, "no user \"" + user + "\" on this host; the service cannot start here (fine if the config is"
                    + " for another host)");
        } else if (!host.root() && !user.equals(host.userName())) {
            warn(path, "the service runs as \"" + user + "\", but this check runs as \"" + host.userName()
                    + "\": the daemon must run as root to switch users; start it as root or drop \"user\"");
        }
    }

    private void program(List<String> command, Path dir, String path) {
        String program = command.get(0);
        if (program.contains("/")) {
            Path file = dir.resolve(program).normalize();
            if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
                warn(path, file + " is not an executable file on this host; the service cannot start here until it is");
            }
            return;
        }
        String pathVar = host.env().apply("PATH");
        String[] dirs = (pathVar == null ? "/bin:/usr/bin" : pathVar).split(":");
        for (String d : dirs) {
            Path file = dir.resolve(d.isEmpty() ? "." : d).resolve(program);
            if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                return;
            }
        }
        warn(path, "\"" + program + "\" is not found on the PATH (" + String.join(":", dirs) + "); install it, or"
                + " give its full path");
    }

    private void warn(String path, String message) {
        if (said.add(path + message)) {
            f.warning(path, message);
        }
    }
}
