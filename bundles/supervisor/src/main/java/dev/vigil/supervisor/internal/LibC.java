package dev.vigil.supervisor.internal;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The C library calls Java has none for: spawning into a new session, waiting on a process
 * that is not our child (pidfd), FIFOs for logs. Linux and glibc (2.34 or later) only;
 * constants are those of Linux on x86_64 and aarch64, which agree for all used here.
 */
interface LibC extends Library {
    LibC C = Native.load("c", LibC.class);

    int O_RDONLY = 0;
    int O_RDWR = 2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int EINTR = 4;
    int EAGAIN = 11;
    int ESRCH = 3;
    int ENOSYS = 38;
    short POLLIN = 1;
    int F_SETPIPE_SZ = 1031;
    short POSIX_SPAWN_SETSIGDEF = 0x04;
    short POSIX_SPAWN_SETSIGMASK = 0x08;
    short POSIX_SPAWN_SETSID = 0x80;
    long SYS_PIDFD_OPEN = 434;
    /** {@code getpriority}'s {@code which}: with {@code who} 0, Linux reads the calling thread's nice value. */
    int PRIO_PROCESS = 0;
    int WNOHANG = 1;

    int posix_spawnp(IntByReference pid, String file, Pointer actions, Pointer attr, Pointer argv, Pointer envp);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, Pointer path, int flags, int mode);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    int posix_spawn_file_actions_addchdir_np(Pointer actions, Pointer path);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer mask);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer signals);

    int sigemptyset(Pointer set);

    int sigaddset(Pointer set, int signal);

    int kill(int pid, int signal);

    int waitpid(int pid, IntByReference status, int options);

    int syscall(long number, int pid, int flags);

    int poll(Pointer fds, NativeLong count, int timeoutMillis);

    int open(String path, int flags);

    int close(int fd);

    int fcntl(int fd, int command, int arg);

    int mkfifo(String path, int mode);

    NativeLong read(int fd, Pointer buffer, NativeLong count);

    NativeLong write(int fd, Pointer buffer, NativeLong count);

    int pipe2(int[] fds, int flags);

    int geteuid();

    int getpriority(int which, int who);

    Pointer getpwnam(String name);

    Pointer getgrnam(String name);

    String strerror(int errno);

    /** A NUL-terminated UTF-8 copy of {@code s}, whatever the JVM's default charset. */
    static Memory cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length + 1L);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
    }

    /**
     * A NULL-terminated {@code char*[]} of UTF-8 strings. The strings are kept alive by the
     * returned holder for as long as it is reachable.
     */
    static CStringArray cStrings(List<String> strings) {
        return new CStringArray(strings);
    }

    /** A {@code char*[]} and the memory its strings live in. */
    final class CStringArray {
        private final Memory[] strings;
        final Memory pointers;

        CStringArray(List<String> values) {
            strings = new Memory[values.size()];
            pointers = new Memory((values.size() + 1L) * Native.POINTER_SIZE);
            for (int i = 0; i < strings.length; i++) {
                strings[i] = cString(values.get(i));
                pointers.setPointer((long) i * Native.POINTER_SIZE, strings[i]);
            }
            pointers.setPointer((long) strings.length * Native.POINTER_SIZE, null);
        }
    }
}
