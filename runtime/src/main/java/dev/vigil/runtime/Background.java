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
        Optional<String> running = ping(layout);
        if (running.isPresent()) {
            System.err.println("vigil: Vigil is already running in " + layout.home() + " (" + running.get()
                    + "); stop it first with 'vigil stop'");
            return 1;
        }
        layout.prepare();
        if (Files.exists(layout.pidFile()) && daemonProcess(layout).isEmpty()) {
            // Left by a daemon that was killed: it must not pass for the new one's readiness.
            Files.delete(layout.pidFile());
        }
        Path out = layout.logs().resolve("vigil.out");
        long offset = Files.exists(out) ? Files.size(out) : 0;
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
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
        while (System.currentTimeMillis() < deadline) {
            if (!child.isAlive()) {
                System.err.print(tail(out, offset));
                System.err.println("vigil: the daemon exited with code " + child.exitValue() + " before it was ready"
                        + " (log: " + layout.logs().resolve("vigil.log") + ")");
                return 1;
            }
            Optional<String> ready = ping(layout);
            if (ready.isPresent() && pidInFile(layout) == child.pid()) {
                System.out.println("Vigil started (" + ready.get() + ", config " + launch + ")");
                return 0;
            }
            Thread.sleep(50);
        }
        System.err.println("vigil: the daemon (pid " + child.pid() + ") was not ready within "
                + START_TIMEOUT_MS / 1000 + " s; stopping it. See " + layout.logs().resolve("vigil.log"));
        child.destroy();
        return 1;
    }

    static int stop(Layout layout) throws IOException, InterruptedException {
        Optional<ProcessHandle> daemon = daemonProcess(layout);
        try (RemoteClient client = RemoteClient.connect(layout.socket())) {
            client.send("shutdown").relay(System.out, System.err);
        } catch (IOException e) {
            if (daemon.isEmpty()) {
                System.out.println("Vigil is not running in " + layout.home());
                return 0;
            }
            // It lives but does not answer: stop it the way the system would.
            System.out.println("The daemon (pid " + daemon.get().pid() + ") does not answer; sending SIGTERM");
            daemon.get().destroy();
        }
        if (daemon.isPresent()) {
            long deadline = System.currentTimeMillis() + STOP_TIMEOUT_MS;
            while (daemon.get().isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            if (daemon.get().isAlive()) {
                System.err.println("vigil: the daemon (pid " + daemon.get().pid() + ") is still stopping after "
                        + STOP_TIMEOUT_MS / 1000 + " s");
                return 1;
            }
        }
        System.out.println("Vigil stopped");
        return 0;
    }

    /** The daemon named by the pid file, only if that process really is a Vigil daemon of ours. */
    private static Optional<ProcessHandle> daemonProcess(Layout layout) {
        try {
            long pid = Long.parseLong(Files.readString(layout.pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.info().arguments()
                    .map(a -> String.join(" ", a).contains(Main.class.getName() + " daemon")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
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
        try (RemoteClient client = RemoteClient.connect(layout.socket())) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
            client.send("ping").relay(capture, capture);
            return Optional.of(buf.toString(StandardCharsets.UTF_8).trim());
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
