package dev.vigil.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code vigil} command line. */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: vigil COMMAND [ARGS]",
            "  run [-c FILE] [--profile P]    run in the foreground (a Gogo shell when on a terminal)",
            "  start [-c FILE] [--profile P]  start in the background; returns once ready, or fails with the reason",
            "  stop                stop the background daemon and every service it runs",
            "  status [--json]     every service: state, pid, uptime, restarts",
            "                      (exit 0 all running, 1 degraded, 2 failed, 3 daemon unreachable)",
            "  status SERVICE [--json]",
            "                      one service in depth: checks and their last results, uptime and incidents",
            "                      over the last 24 h, recent history, recoveries (exit as above, 4 no such service)",
            "  history [SERVICE] [--since 1h] [--json]",
            "                      what happened, oldest first: health and state changes, exits, restarts,",
            "                      recoveries, port moves; without SERVICE also configs loaded and refused",
            "  ports [--json]      every port assignment, whether it answers, who holds it, conflicts",
            "                      (exit 0 all well, 1 a conflict or a port not answering, 3 daemon unreachable)",
            "  recover             one pass of detection and recovery in the running daemon: what it found,",
            "                      what it did, how each attempt ended (exit 0 all healthy afterwards, 1 not)",
            "  scale [SERVICE N]   run N copies of a service that has \"instances\" (the others keep running),",
            "                      kept across restarts until the config's instances for it change;",
            "                      without arguments, the services scaled away from their config",
            "  shell               interactive Gogo shell inside the running daemon",
            "  ctl CMD [ARGS...]   run one shell command in the daemon, e.g. 'vigil ctl lb'",
            "  check-config FILE [--heal] [--profile P]",
            "                      every error of a config file with its line and a fix (exit 0 valid, 1 not);",
            "                      --heal writes the repaired file after keeping a timestamped backup",
            "FILE defaults to config/vigil.json of the installation; P (or VIGIL_PROFILE) lays",
            "vigil.P.json from the same folder over it.");

    private Main() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, Layout.detect());
        } catch (UsageException e) {
            System.err.println("vigil: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("vigil: " + e.getMessage());
            code = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 130;
        }
        System.exit(code);
    }

    static int run(String[] args, Layout layout) throws IOException, InterruptedException {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        switch (args[0]) {
            case "run":
                return Foreground.run(layout, Launch.parse(rest, layout), System.console() != null, false);
            case "daemon":
                return Foreground.run(layout, Launch.parse(rest, layout), false, true);
            case "start":
                return Background.start(layout, Launch.parse(rest, layout));
            case "stop":
                noMore(rest);
                return Background.stop(layout);
            case "status":
                boolean json = rest.remove("--json");
                if (!rest.isEmpty()) {
                    String service = rest.remove(0);
                    noMore(rest);
                    return remote(layout, json ? "service-json" : "service", service);
                }
                return remote(layout, json ? "status-json" : "status");
            case "history":
                return remote(layout, "ctl", history(rest));
            case "ports":
                boolean portsJson = rest.remove("--json");
                noMore(rest);
                return remote(layout, portsJson ? "ports-json" : "ports");
            case "recover":
                noMore(rest);
                try (Progress progress = new Progress(System.out, "recovering")) {
                    progress.follow(layout.socket());
                    return remote(layout, progress.erasing(System.out), progress.erasing(System.err), "recover");
                }
            case "check-config":
                return CheckConfig.run(layout, rest);
            case "scale":
                if (rest.size() != 0 && rest.size() != 2) {
                    throw new UsageException("scale takes a service and a number of copies, e.g. 'vigil scale web 5'");
                }
                rest.add(0, "vigil:scale");
                return remote(layout, "ctl", commandLine(rest));
            case "ctl":
                if (rest.isEmpty()) {
                    throw new UsageException("ctl needs a command, e.g. 'vigil ctl lb'");
                }
                return remote(layout, "ctl", commandLine(rest));
            case "shell":
                noMore(rest);
                return shell(layout);
            case "help", "-h", "--help":
                System.out.println(USAGE);
                return 0;
            default:
                throw new UsageException("unknown command '" + args[0] + "'");
        }
    }

    static int remote(Layout layout, String... request) throws IOException {
        return remote(layout, System.out, System.err, request);
    }

    private static int remote(Layout layout, PrintStream stdout, PrintStream stderr, String... request)
            throws IOException {
        try (RemoteClient client = RemoteClient.connect(layout.socket())) {
            return client.send(request).relay(stdout, stderr);
        } catch (java.net.SocketException | java.nio.file.NoSuchFileException e) {
            stderr.println("vigil: " + unreachable(layout, e));
            return RemoteClient.UNREACHABLE;
        }
    }

    /** Why no daemon answers, after removing the files a dead daemon left. */
    static String unreachable(Layout layout, IOException e) {
        java.util.Optional<Long> holder = DaemonLock.holder(layout.lockFile());
        if (holder.isPresent()) {
            return "the daemon (pid " + holder.get() + ") does not answer on " + layout.socket() + " ("
                    + e.getMessage() + "); it may still be starting, see " + layout.logs().resolve("vigil.log");
        }
        List<String> removed = DaemonLock.removeStale(layout);
        return "no daemon runs in " + layout.home() + (removed.isEmpty() ? "" : " (" + String.join("; ", removed)
                + ")") + "; start one with 'vigil start'";
    }

    private static int shell(Layout layout) throws IOException {
        if (System.console() != null) {
            try {
                return InteractiveClient.run(layout.socket(), layout.data().resolve("shell-history"),
                        "Vigil shell (pid " + pid(layout) + "). 'help' lists commands, Tab completes commands"
                        + " and service names, 'exit' or Ctrl-D leaves (the daemon keeps running).", false);
            } catch (java.net.SocketException e) {
                System.err.println("vigil: " + unreachable(layout, e));
                return RemoteClient.UNREACHABLE;
            }
        }
        // Not a terminal: run each line of standard input, stop at the first failure.
        java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        int last = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (!line.isBlank()) {
                last = remote(layout, "ctl", line);
                if (last != 0) {
                    return last;
                }
            }
        }
        return last;
    }

    /** The {@code vigil:history} line for {@code vigil history [SERVICE] [--since WHEN] [--json]}. */
    static String history(List<String> rest) {
        List<String> line = new ArrayList<>(List.of("vigil:history"));
        if (rest.remove("--json")) {
            line.add("--json");
        }
        int since = rest.indexOf("--since");
        if (since >= 0) {
            if (since + 1 >= rest.size()) {
                throw new UsageException("--since needs a value, such as 30m, 1h, 2d or 2026-01-31T09:00:00Z");
            }
            line.add("--since");
            line.add(rest.remove(since + 1));
            rest.remove(since);
        }
        if (!rest.isEmpty()) {
            String service = rest.remove(0);
            if (service.startsWith("-")) {
                throw new UsageException("unknown option '" + service + "' for history");
            }
            line.add(service);
        }
        noMore(rest);
        return commandLine(line);
    }

    private static String pid(Layout layout) {
        return DaemonLock.holder(layout.lockFile()).map(String::valueOf).orElse("?");
    }

    /** Joins arguments into one Gogo line, quoting those that would otherwise split. */
    static String commandLine(List<String> args) {
        StringBuilder line = new StringBuilder();
        for (String a : args) {
            if (line.length() > 0) {
                line.append(' ');
            }
            boolean plain = !a.isEmpty() && a.chars().noneMatch(c -> " \t\"'|;&<>$(){}[]\\".indexOf(c) >= 0);
            line.append(plain ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    private static void noMore(List<String> rest) {
        if (!rest.isEmpty()) {
            throw new UsageException("unexpected argument '" + rest.get(0) + "'");
        }
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static PrintStream utf8(java.io.OutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
