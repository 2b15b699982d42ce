package dev.vigil.supervisor.internal;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a process with posix_spawn, which {@link ProcessBuilder} cannot configure: in a
 * session and process group of its own (so neither a Ctrl-C at the daemon's terminal nor
 * the daemon's death reaches it), with default signal dispositions and an empty signal
 * mask, stdin from /dev/null, stdout and stderr on its log pipe, and no other descriptor
 * of the daemon. No shell is involved: {@code argv[0]} is looked up on the daemon's PATH.
 */
final class Spawner {
    // Larger than glibc's posix_spawn_file_actions_t (80 bytes), posix_spawnattr_t (336) and sigset_t (128).
    private static final int ACTIONS_SIZE = 256;
    private static final int ATTR_SIZE = 1024;
    private static final int SIGSET_SIZE = 256;
    private static final int SIGKILL = 9;
    private static final int SIGSTOP = 19;

    private Spawner() {
    }

    /**
     * @param argv   the program and its arguments
     * @param env    its whole environment
     * @param cwd    the directory it starts in
     * @param output the FIFO its stdout and stderr go to, opened read-write so that the
     *               process never gets SIGPIPE while no daemon reads it
     * @return the new process's pid
     * @throws IOException with the system's reason when the program cannot be run
     */
    static long spawn(List<String> argv, Map<String, String> env, Path cwd, Path output) throws IOException {
        LibC c = LibC.C;
        Memory actions = new Memory(ACTIONS_SIZE);
        Memory attr = new Memory(ATTR_SIZE);
        Memory mask = new Memory(SIGSET_SIZE);
        Memory defaults = new Memory(SIGSET_SIZE);
        Memory devNull = LibC.cString("/dev/null");
        Memory out = LibC.cString(output.toAbsolutePath().toString());
        Memory dir = LibC.cString(cwd.toAbsolutePath().toString());
        LibC.CStringArray args = LibC.cStrings(argv);
        LibC.CStringArray envp = LibC.cStrings(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toList());
        check(c.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        check(c.posix_spawnattr_init(attr), "posix_spawnattr_init");
        try {
            check(c.posix_spawn_file_actions_addopen(actions, 0, devNull, LibC.O_RDONLY, 0), "addopen stdin");
            check(c.posix_spawn_file_actions_addopen(actions, 1, out, LibC.O_RDWR, 0), "addopen stdout");
            check(c.posix_spawn_file_actions_adddup2(actions, 1, 2), "adddup2 stderr");
            check(c.posix_spawn_file_actions_addchdir_np(actions, dir), "addchdir");
            check(c.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom");
            c.sigemptyset(mask);
            c.sigemptyset(defaults);
            for (int sig = 1; sig < 32; sig++) {
                if (sig != SIGKILL && sig != SIGSTOP) {
                    c.sigaddset(defaults, sig);
                }
            }
            check(c.posix_spawnattr_setsigmask(attr, mask), "setsigmask");
            check(c.posix_spawnattr_setsigdefault(attr, defaults), "setsigdefault");
            check(c.posix_spawnattr_setflags(attr, (short) (LibC.POSIX_SPAWN_SETSID | LibC.POSIX_SPAWN_SETSIGMASK
                    | LibC.POSIX_SPAWN_SETSIGDEF)), "setflags");
            IntByReference pid = new IntByReference();
            int error = c.posix_spawnp(pid, argv.get(0), actions, attr, args.pointers, envp.pointers);
            if (error != 0) {
                throw new IOException(c.strerror(error));
            }
            return pid.getValue();
        } finally {
            c.posix_spawn_file_actions_destroy(actions);
            c.posix_spawnattr_destroy(attr);
            // Only the holders reach the strings of argv and envp: without these fences a
            // collection during the call frees them under posix_spawn (a child ran with garbage argv).
            Reference.reachabilityFence(args);
            Reference.reachabilityFence(envp);
            Reference.reachabilityFence(devNull);
            Reference.reachabilityFence(out);
            Reference.reachabilityFence(dir);
        }
    }

    private static void check(int result, String what) throws IOException {
        if (result != 0) {
            throw new IOException(what + " failed: " + LibC.C.strerror(result));
        }
    }
}
