package dev.vigil.config.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The host a config is checked on, as {@code vigil check-config} sees it: who it runs as,
 * which users and groups exist, the PATH programs are found on.
 *
 * @param env         the environment, for PATH
 * @param userExists  whether a user name is known (local files, LDAP, whatever NSS says)
 * @param groupExists whether a group name is known
 * @param userName    the user check-config runs as
 * @param root        whether that user is root, and so the daemon could switch users
 */
record Host(Function<String, String> env, Predicate<String> userExists, Predicate<String> groupExists,
            String userName, boolean root) {

    /** This machine, seen through {@code getent} (or /etc/passwd and /etc/group where it is missing). */
    static Host current(Function<String, String> env) {
        Map<String, Boolean> users = new HashMap<>();
        Map<String, Boolean> groups = new HashMap<>();
        return new Host(env, name -> users.computeIfAbsent(name, n -> known("passwd", n)),
                name -> groups.computeIfAbsent(name, n -> known("group", n)), System.getProperty("user.name"), uid() == 0);
    }

    private static long uid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }

    private static boolean known(String database, String name) {
        try {
            Process p = new ProcessBuilder("getent", database, name).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(5, TimeUnit.SECONDS)) {
                return p.exitValue() == 0;
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // No getent: the local files are what there is.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var lines = Files.lines(Path.of("/etc", database))) {
            return lines.anyMatch(l -> l.startsWith(name + ":"));
        } catch (IOException e) {
            return true; // cannot tell: say nothing rather than a wrong warning
        }
    }
}
