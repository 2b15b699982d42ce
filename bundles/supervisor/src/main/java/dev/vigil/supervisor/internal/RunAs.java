package dev.vigil.supervisor.internal;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a service as another user: the command is prefixed with util-linux's setpriv, which
 * sets the user, group and supplementary groups and then execs the command, so the pid
 * stays the service's own. Only a daemon running as root can do this; otherwise the launch
 * fails with a reason saying so.
 */
final class RunAs {
    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"),
            Path.of("/usr/sbin/setpriv"));

    private RunAs() {
    }

    /**
     * The argv that runs {@code command} as {@code user} (and {@code group}, when given), and
     * puts the user's HOME, USER and LOGNAME into {@code env}. Running as the daemon's own user
     * changes nothing.
     *
     * @throws IOException when the user or group is unknown, or the daemon may not switch
     */
    static List<String> wrap(String user, String group, List<String> command, Map<String, String> env)
            throws IOException {
        if (user == null || user.equals(System.getProperty("user.name")) && group == null) {
            return command;
        }
        Pointer pw = LibC.C.getpwnam(user);
        if (pw == null) {
            throw new IOException("cannot run as user \"" + user + "\": no such user on this host; create it or"
                    + " change \"user\"");
        }
        int uid = pw.getInt(16);
        int gid = pw.getInt(20);
        if (group != null) {
            Pointer gr = LibC.C.getgrnam(group);
            if (gr == null) {
                throw new IOException("cannot run as group \"" + group + "\": no such group on this host; create it"
                        + " or change \"group\"");
            }
            gid = gr.getInt(16);
        }
        int me = LibC.C.geteuid();
        if (me != 0) {
            throw new IOException("cannot run as user \"" + user + "\": the daemon runs as "
                    + System.getProperty("user.name") + " (uid " + me + "), and only root can switch users; run"
                    + " Vigil as root, or remove \"user\" to run the service as " + System.getProperty("user.name"));
        }
        Path setpriv = SETPRIV.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IOException(
                "cannot run as user \"" + user + "\": setpriv (util-linux) is not installed"));
        env.put("HOME", pw.getPointer(32).getString(0));
        env.put("USER", user);
        env.put("LOGNAME", user);
        List<String> argv = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + gid,
                "--init-groups", "--"));
        argv.addAll(command);
        return argv;
    }
}
