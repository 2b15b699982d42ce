package dev.vigil.api.port;

import java.util.Objects;

/**
 * A process listening on a port.
 *
 * @param port        the port
 * @param pid         its process id, or -1 when the socket's owner cannot be seen (another user's process)
 * @param user        the user it runs as, or "?" when unknown
 * @param commandLine its command line, or "?" when unknown
 */
public record PortHolder(int port, long pid, String user, String commandLine) {
    public PortHolder {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(commandLine, "commandLine");
    }

    @Override
    public String toString() {
        return pid < 0 ? (commandLine.startsWith("leased to ") ? commandLine : "an unknown process (not visible to this user)")
                : "pid " + pid + " (" + user + ": " + commandLine + ")";
    }
}
