package dev.vigil.ports.internal;

import dev.vigil.api.port.PortHolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who listens on a port, read from Linux's /proc: the TCP tables give the socket's inode
 * and owner uid, the processes' open files give the pid holding that inode, and the
 * process gives its command line. Processes of other users cannot be opened unless Vigil
 * runs as root; their port is then reported with the owner's name and pid -1.
 */
final class ListenerTable {
    private static final String LISTEN = "0A";
    private final Path proc;

    ListenerTable(Path proc) {
        this.proc = proc;
    }

    /** The listener on the port, if any. */
    Optional<PortHolder> holder(int port) {
        Map<Long, Integer> inodes = new HashMap<>();
        String uid = null;
        for (String table : List.of("net/tcp", "net/tcp6")) {
            for (String[] row : rows(proc.resolve(table))) {
                if (row.length > 9 && row[3].equals(LISTEN) && portOf(row[1]) == port) {
                    inodes.put(Long.parseLong(row[9]), port);
                    uid = row[7];
                }
            }
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        long pid = pidHolding(inodes);
        if (pid < 0) {
            return Optional.of(new PortHolder(port, -1, userName(uid), "?"));
        }
        return Optional.of(new PortHolder(port, pid, userName(uid), commandLine(pid)));
    }

    private long pidHolding(Map<Long, Integer> inodes) {
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")
                                && inodes.containsKey(Long.parseLong(target.substring(8, target.length() - 1)))) {
                            return Long.parseLong(process.getFileName().toString());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // Gone meanwhile, or another user's: not ours to see.
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline"));
            String line = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
            if (!line.isEmpty()) {
                return line.length() > 200 ? line.substring(0, 197) + "..." : line;
            }
            return "[" + Files.readString(proc.resolve(Long.toString(pid)).resolve("comm")).trim() + "]";
        } catch (IOException e) {
            return "?";
        }
    }

    private static String userName(String uid) {
        if (uid == null) {
            return "?";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2 && f[2].equals(uid)) {
                    return f[0];
                }
            }
        } catch (IOException e) {
            // Fall back to the number.
        }
        return "uid " + uid;
    }

    private static List<String[]> rows(Path table) {
        try {
            return Files.readAllLines(table).stream().skip(1).map(l -> l.trim().split("\\s+")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static int portOf(String address) {
        int colon = address.lastIndexOf(':');
        return Integer.parseInt(address.substring(colon + 1), 16);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
