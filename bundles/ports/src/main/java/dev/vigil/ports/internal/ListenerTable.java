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
import java.util.function.IntPredicate;

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
        return Optional.ofNullable(holders(p -> p == port).get(port));
    }

    /** Every listener of this host by port, from one look at /proc, however many ports. */
    Map<Integer, PortHolder> all() {
        return holders(p -> true);
    }

    private Map<Integer, PortHolder> holders(IntPredicate wanted) {
        Map<Long, Integer> portByInode = new HashMap<>();
        Map<Integer, String> uidByPort = new HashMap<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            for (String[] row : rows(proc.resolve(table))) {
                if (row.length > 9 && row[3].equals(LISTEN) && wanted.test(portOf(row[1]))) {
                    portByInode.put(Long.parseLong(row[9]), portOf(row[1]));
                    uidByPort.put(portOf(row[1]), row[7]);
                }
            }
        }
        Map<Integer, Long> pidByPort = pidsHolding(portByInode);
        Map<String, String> users = uidByPort.isEmpty() ? Map.of() : users();
        Map<Integer, PortHolder> out = new HashMap<>();
        uidByPort.forEach((port, uid) -> {
            long pid = pidByPort.getOrDefault(port, -1L);
            out.put(port, new PortHolder(port, pid, users.getOrDefault(uid, "uid " + uid),
                    pid < 0 ? "?" : commandLine(pid)));
        });
        return out;
    }

    /** The pid holding each port's socket, from one pass over the processes' open files. */
    private Map<Integer, Long> pidsHolding(Map<Long, Integer> portByInode) {
        Map<Integer, Long> out = new HashMap<>();
        int ports = new java.util.HashSet<>(portByInode.values()).size();
        if (ports == 0) {
            return out;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, p -> isNumber(p.getFileName().toString()))) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        String target = Files.readSymbolicLink(fd).toString();
                        Integer port = target.startsWith("socket:[")
                                ? portByInode.get(Long.parseLong(target.substring(8, target.length() - 1))) : null;
                        if (port != null) {
                            out.putIfAbsent(port, Long.parseLong(process.getFileName().toString()));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // Gone meanwhile, or another user's: not ours to see.
                }
                if (out.size() == ports) {
                    break;
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
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

    /** User names by uid, read once per look. */
    private static Map<String, String> users() {
        Map<String, String> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2) {
                    out.putIfAbsent(f[2], f[0]);
                }
            }
        } catch (IOException e) {
            // Names fall back to the numbers.
        }
        return out;
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
