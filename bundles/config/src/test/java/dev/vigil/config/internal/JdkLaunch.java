package dev.vigil.config.internal;

import dev.vigil.api.ServiceDefinition;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Hands a service to the JDK the way the supervisor does (argv, environment put over the
 * daemon's, working directory) and says what the JDK refused, if anything. Nothing runs: the
 * process is started in a folder that does not exist, so the child fails before exec, after
 * the JDK has checked every argument.
 */
final class JdkLaunch {
    private JdkLaunch() {
    }

    /** @return null when the JDK took everything, else what it refused and why */
    static String refusal(ServiceDefinition s, Path nowhere) {
        ProcessBuilder pb = new ProcessBuilder(s.command());
        try {
            pb.environment().putAll(s.env());
            pb.directory(s.workingDir().toFile());
        } catch (IllegalArgumentException e) {
            return "environment or directory: " + e.getMessage();
        }
        if (s.env().containsKey("")) {
            return "environment: an empty name, which execve passes as \"=VALUE\"";
        }
        if (s.command().get(0).isBlank()) {
            return "command: no program";
        }
        pb.directory(nowhere.toFile());
        try {
            pb.start().destroyForcibly();
            return "started a process in " + nowhere + ", which does not exist";
        } catch (IOException e) {
            return e.getMessage().contains("invalid null character") ? "command: " + e.getMessage() : null;
        }
    }
}
