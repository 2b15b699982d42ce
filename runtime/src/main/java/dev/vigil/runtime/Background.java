package dev.vigil.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code vigil start} and {@code vigil stop}: the daemon as a background process. */
final class Background {
    private static final long START_TIMEOUT_MS = Daemon.READY_TIMEOUT_MS + 30_000;
    private static final long STOP_TIMEOUT_MS = 180_000;

    private Background() {
    }

    static int start(Layout layout, Launch launch) throws IOException, InterruptedException {
        // No socket, no daemon to ask (a first start skips loading the client's socket classes).
        Optional<String> running = Files.exists(layout.socket()) ? ping(layout) : Optional.empty();
        if (running.isPresent()) {
            System.err.println("vigil: Vigil is already running in " + layout.home() + " (" + running.get()
                    + "); stop it first with 'vigil stop'");
            return 1;
        }
        layout.prepare();
        Optional<Long> holder = DaemonLock.holder(layout.lockFile());
        if (holder.isPresent()) {
            System.err.println("vigil: a Vigil daemon (pid " + holder.get() + ") holds " + layout.lockFile()
                    + " but does not answer on " + layout.socket() + " (still starting, or stuck);"
                    + " see " + layout.logs().resolve("vigil.log") + ", or stop it with 'vigil stop'");
            return 1;
        }
        // Left by a daemon that was killed: a stale pid file must not pass for the new one's readiness.
        DaemonLock.removeStale(layout).forEach(r -> System.out.println("vigil: " + r));
        Path out = layout.logs().resolve("vigil.out");
        Layout.createPrivate(out);
        long offset = Files.size(out);
        List<String> argv = new ArrayList<>();
        // Its own session and process group: a Ctrl-C, SIGHUP or 'timeout' aimed at the caller
        // does not reach the daemon. util-linux setsid execs in place, so the pid stays the JVM's.
        setsid().ifPresent(argv::add);
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        // bin/vigil found no class archive: the daemon writes one when it exits (see bin/vigil).
        String cds = System.getProperty("vigil.cds.dump");
        if (cds != null && !cds.isBlank()) {
            argv.add("-XX:ArchiveClassesAtExit=" + cds);
        }
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(Main.class.getName());
        argv.add("daemon");
        argv.addAll(launch.args());
        Process child = new ProcessBuilder(argv)
                .directory(layout.home().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        try (Progress progress = new Progress(System.out, "starting Vigil")) {
            return awaitStart(layout, launch, child, out, offset, deadline, progress);
        }
    }

    private static int awaitStart(Layout layout, Launch launch, Process child, Path out, long offset, long deadline,
                                  Progress progress) throws IOException, InterruptedException {
        while (System.currentTimeMillis() < deadline) {
            progress.tick(layout.socket(), "booting the framework, loading the config");
            if (!child.isAlive()) {
                progress.close();
                System.err.print(tail(out, offset));
                System.err.println("vigil: the daemon exited with code " + child.exitValue() + " before it was ready"
                        + " (log: " + layout.logs().resolve("vigil.log") + ")");
                return 1;
            }
            Optional<String> ready = ping(layout);
            if (ready.isPresent() && pidInFile(layout) == child.pid()) {
                progress.close();
                System.out.println("Vigil started (" + ready.get() + ", config " + launch + ")");
                notices(layout).forEach(n -> System.err.println("NOTICE: " + n));
                return 0;
            }
            Thread.sleep(50);
        }
        progress.close();
        System.err.println("vigil: the daemon (pid " + child.pid() + ") was not ready within "
                + START_TIMEOUT_MS / 1000 + " s; stopping it. See " + layout.logs().resolve("vigil.log"));
        child.destroy();
        return 1;
    }

    /**
     * Stops the daemon that holds this installation's lock (background or foreground) and
     * waits until its process is gone; says "stopped" only then.
     */
    static int stop(Layout layout) throws IOException, InterruptedException {
        Optional<ProcessHandle> daemon = DaemonLock.holder(layout.lockFile()).flatMap(ProcessHandle::of);
        if (daemon.isEmpty()) {
            List<String> removed = DaemonLock.removeStale(layout);
            System.out.println("Vigil is not running in " + layout.home()
                    + (removed.isEmpty() ? "" : "; " + String.join("; ", removed)));
            return 0;
        }
        try (RemoteClient client = RemoteClient.connect(layout.socket())) {
            client.send("shutdown").relay(System.out, System.err);
        } catch (IOException e) {
            if (!isVigil(daemon.get())) {
                System.err.println("vigil: pid " + daemon.get().pid() + " holds " + layout.lockFile()
                        + " but is not a Vigil daemon; it was left alone. Stop it yourself, then run 'vigil stop'");
                return 1;
            }
            // It lives but does not answer: stop it the way the system would.
            System.out.println("The daemon (pid " + daemon.get().pid() + ") does not answer on " + layout.socket()
                    + "; sending SIGTERM");
            daemon.get().destroy();
        }
        long deadline = System.currentTimeMillis() + STOP_TIMEOUT_MS;
        try (Progress progress = new Progress(System.out, "stopping Vigil")) {
            while (daemon.get().isAlive() && System.currentTimeMillis() < deadline) {
                progress.tick(layout.socket(), "every service stopped; stopping the bundles");
                Thread.sleep(50);
            }
        }
        if (daemon.get().isAlive()) {
            System.err.println("vigil: the daemon (pid " + daemon.get().pid() + ") is still stopping after "
                    + STOP_TIMEOUT_MS / 1000 + " s; see " + layout.logs().resolve("vigil.log")
                    + " for what hangs, or end it with 'kill -KILL " + daemon.get().pid() + "'");
            return 1;
        }
        System.out.println("Vigil stopped");
        return 0;
    }

    private static boolean isVigil(ProcessHandle p) {
        return p.info().arguments().map(a -> List.of(a).contains(Main.class.getName())).orElse(false);
    }

    /** util-linux setsid, when installed. */
    private static Optional<String> setsid() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "setsid");
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(p);
            }
        }
        System.err.println("vigil: util-linux setsid not found; the daemon stays in this terminal's session"
                + " (install util-linux)");
        return Optional.empty();
    }

    /** The pid the pid file names, or -1. */
    private static long pidInFile(Layout layout) {
        try {
            return Long.parseLong(Files.readString(layout.pidFile()).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<String> ping(Layout layout) {
        return ask(layout, "ping").map(String::trim);
    }

    /**
     * What the daemon says an operator must know now, one line each: that it runs on the
     * last-known-good copy of the config, a file in deploy/ it refused...; empty when all is well.
     */
    static List<String> notices(Layout layout) {
        return ask(layout, "notices").map(t -> t.lines().filter(l -> !l.isBlank()).toList()).orElse(List.of());
    }

    private static Optional<String> ask(Layout layout, String op) {
        try (RemoteClient client = RemoteClient.connect(layout.socket())) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
            client.send(op).relay(capture, capture);
            return Optional.of(buf.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String tail(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(offset, f.length() - 8192);
            f.seek(start);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
