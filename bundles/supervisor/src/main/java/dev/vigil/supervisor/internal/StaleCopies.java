package dev.vigil.supervisor.internal;

import dev.vigil.api.recovery.ServiceControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises a stale copy of one of this installation's services (one a crashed daemon
 * left running) by the marker in its environment, read from {@code /proc/PID/environ},
 * and stops it. A process without the marker, of another installation or another user, is
 * never signalled.
 */
final class StaleCopies {
    private final Path proc;
    private final String installation;
    private Map<String, List<Long>> markedByService = Map.of();
    private long scannedAt = System.nanoTime() - Long.MAX_VALUE / 2;

    StaleCopies(Path proc, String installation) {
        this.proc = proc;
        this.installation = installation;
    }

    /**
     * Stops the copy of {@code service} that {@code pid} belongs to: the topmost of its
     * ancestors that carries the same marker, with all its descendants.
     *
     * @return null when stopped, else why it was left alone
     */
    String evict(String service, long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return null; // gone already: the port is free
        }
        String why = notOurs(service, pid);
        if (why != null) {
            return why;
        }
        ProcessHandle root = handle.get();
        for (Optional<ProcessHandle> up = root.parent(); up.isPresent() && notOurs(service, up.get().pid()) == null;
             up = up.get().parent()) {
            root = up.get();
        }
        ProcessTree.terminate(root, grace);
        return null;
    }

    /** Null when the process is a copy of {@code service} of this installation, run by this user; else why not. */
    String notOurs(String service, long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        String who = describe(pid, dir);
        try {
            Object owner = Files.getAttribute(dir, "unix:uid");
            Object me = Files.getAttribute(proc.resolve("self"), "unix:uid");
            if (!owner.equals(me)) {
                return who + " runs as another user";
            }
            Map<String, String> env = environment(Files.readAllBytes(dir.resolve("environ")));
            if (!service.equals(env.get(ServiceControl.MARKER_SERVICE))) {
                return who + " is not a copy of " + service + " started by Vigil (no "
                        + ServiceControl.MARKER_SERVICE + "=" + service + " in its environment)";
            }
            if (!installation.equals(env.get(ServiceControl.MARKER_INSTALLATION))) {
                return who + " belongs to another Vigil installation";
            }
            return null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return who + " cannot be inspected (" + e.getMessage() + ")";
        }
    }

    /**
     * The live processes that carry {@code service}'s marker of this installation and run as
     * this user: its descendants that left its process tree (double-forked, setsid) included.
     * One scan of /proc made after the call began is shared by every caller meanwhile.
     */
    List<ProcessHandle> marked(String service) {
        long asked = System.nanoTime();
        Map<String, List<Long>> byService;
        synchronized (this) {
            if (scannedAt - asked < 0) {
                long start = System.nanoTime();
                markedByService = scan();
                scannedAt = start;
            }
            byService = markedByService;
        }
        return byService.getOrDefault(service, List.of()).stream().map(ProcessHandle::of)
                .flatMap(Optional::stream).filter(ProcessTree::running).toList();
    }

    private Map<String, List<Long>> scan() {
        Map<String, List<Long>> out = new HashMap<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, "[0-9]*")) {
            Object me = Files.getAttribute(proc.resolve("self"), "unix:uid");
            for (Path dir : dirs) {
                try {
                    long pid = Long.parseLong(dir.getFileName().toString());
                    // Root's services may run as other users; those are still its own.
                    if (pid == self || !me.equals(0) && !me.equals(Files.getAttribute(dir, "unix:uid"))) {
                        continue;
                    }
                    Map<String, String> env = environment(Files.readAllBytes(dir.resolve("environ")));
                    String service = env.get(ServiceControl.MARKER_SERVICE);
                    if (service != null && installation.equals(env.get(ServiceControl.MARKER_INSTALLATION))) {
                        out.computeIfAbsent(service, k -> new ArrayList<>()).add(pid);
                    }
                } catch (IOException | NumberFormatException e) {
                    // gone meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    static Map<String, String> environment(byte[] environ) {
        Map<String, String> out = new HashMap<>();
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                out.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return out;
    }

    private static String describe(long pid, Path dir) {
        String user;
        String command;
        try {
            user = Files.getOwner(dir).getName();
        } catch (IOException | UnsupportedOperationException e) {
            user = "?";
        }
        try {
            command = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (IOException e) {
            command = "?";
        }
        return "pid " + pid + " (" + user + ": " + (command.length() > 120 ? command.substring(0, 117) + "..." : command) + ")";
    }
}
