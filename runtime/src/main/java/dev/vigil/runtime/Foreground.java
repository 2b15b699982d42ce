package dev.vigil.runtime;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.osgi.framework.BundleException;

/**
 * Runs the daemon in this process: {@code vigil run} (foreground) and {@code vigil daemon}
 * (what {@code vigil start} launches in the background).
 */
final class Foreground {
    private static final long LOG_LIMIT = 10L * 1024 * 1024;
    private static final int LOG_KEEP = 5;

    private Foreground() {
    }

    /**
     * @param interactive attach a Gogo shell to this terminal
     * @param background  log to the file only, ignore SIGHUP (the terminal that started it may go)
     */
    static int run(Layout layout, Launch launch, boolean interactive, boolean background)
            throws IOException, InterruptedException {
        layout.prepare();
        PrintStream console = new PrintStream(new FileOutputStream(java.io.FileDescriptor.err), true);
        RotatingLog log = new RotatingLog(layout.logs().resolve("vigil.log"), LOG_LIMIT, LOG_KEEP);
        PrintStream logStream = Main.utf8(background || interactive ? log : new Tee(log, console));
        System.setOut(logStream);
        System.setErr(logStream);
        configureLogging();
        // Drivers that unpack native code (sqlite-jdbc) do it in Vigil's own folder, not a
        // /tmp that may be mounted noexec.
        java.nio.file.Files.createDirectories(layout.data().resolve("tmp"));
        setDefault("org.sqlite.tmpdir", layout.data().resolve("tmp").toString());
        if (background) {
            ignoreHangup();
        }
        Daemon daemon = new Daemon(layout, launch, interactive, console);
        String problem;
        try {
            problem = daemon.start();
        } catch (BundleException | RuntimeException e) {
            problem = "failed to boot: " + e;
            e.printStackTrace(logStream);
        }
        if (problem != null) {
            logStream.println("vigil: " + problem);
            console.println("vigil: " + problem);
            daemon.shutdown();
            return 1;
        }
        logStream.println("Vigil ready (pid " + ProcessHandle.current().pid() + ", config " + launch + ")");
        String ready = "Vigil ready (pid " + ProcessHandle.current().pid() + ", config " + launch
                + ", log " + layout.logs().resolve("vigil.log") + ")";
        for (String n : Background.notices(layout)) {
            ready += "\nNOTICE: " + n;
        }
        if (interactive) {
            startConsole(layout, daemon, ready);
        } else if (!background) {
            console.println(ready);
        }
        daemon.awaitStop();
        logStream.println("Vigil stopped");
        return 0;
    }

    /**
     * The shell on this terminal: the same console as {@code vigil shell}, on the daemon's own
     * socket. Leaving it (Ctrl-D, {@code exit}) stops Vigil and every service it runs.
     */
    private static void startConsole(Layout layout, Daemon daemon, String ready) {
        Thread t = new Thread(() -> {
            try {
                InteractiveClient.run(layout.socket(), layout.data().resolve("shell-history"), ready
                        + "\n'help' lists commands, Tab completes commands and service names;"
                        + " Ctrl-D stops Vigil and every service it runs.", true);
            } catch (IOException | RuntimeException e) {
                System.out.println("vigil: the console ended: " + e);
            }
            daemon.shutdown();
        }, "vigil-console");
        t.setDaemon(true);
        t.start();
    }

    private static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        // Bound once to the log stream: Gogo redirects System.err while a shell command runs,
        // and a log line made then must still reach the log, not the ctl client.
        setDefault("org.slf4j.simpleLogger.cacheOutputStream", "true");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    @SuppressWarnings("restriction")
    private static void ignoreHangup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException e) {
            // No SIGHUP on this platform.
        }
    }
}
