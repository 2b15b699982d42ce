package dev.vigil.shell.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Gogo sessions on a Unix-domain socket, {@code vigil.sock} in the data directory,
 * readable and writable by the owner only; nothing listens on the network. A client sends
 * one operation name ({@code ping}, {@code status}, {@code status-json}, {@code service} or
 * {@code service-json} and a service name, {@code ports}, {@code ports-json}, {@code recover},
 * {@code ctl} and a command line, {@code shell} and then command lines, {@code complete} and
 * the line up to the cursor, {@code notices}, {@code progress}, {@code shutdown}) and reads frames
 * (see {@link FrameStream}).
 */
@Component(immediate = true)
public final class RemoteShell {
    public static final String SOCKET_NAME = "vigil.sock";
    /**
     * Where a command without a scope is looked up, first match wins: Felix's {@code stop 29}
     * and {@code start 29} take bundle ids as Felix users expect, and Vigil's are
     * {@code vigil:stop NAME}. Without it Gogo takes whichever scope its hash map lists first.
     */
    static final String SCOPE = "gogo:felix:vigil:*";
    private static final Logger LOG = LoggerFactory.getLogger(RemoteShell.class);

    @Reference
    private CommandProcessor processor;

    @Reference
    private Reports reports;

    private BundleContext context;
    private ServerSocketChannel server;
    private Path socket;
    private Thread acceptor;

    @Activate
    void activate(BundleContext context) throws IOException {
        this.context = context;
        String data = context.getProperty("vigil.data");
        Path dir = Path.of(data == null ? "data" : data);
        Files.createDirectories(dir);
        socket = dir.resolve(SOCKET_NAME);
        // Only one daemon owns a data directory (the launcher holds its lock), so a socket
        // file left here is a leftover of a daemon that was killed.
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        acceptor = new Thread(this::acceptLoop, "vigil-remote-shell");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("Remote shell listening on {}", socket);
    }

    @Deactivate
    void deactivate() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> serve(client), "vigil-remote-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("Remote shell accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client;
             DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client)))) {
            String op = in.readUTF();
            switch (op) {
                case "ping" -> reply(out, "ready pid " + ProcessHandle.current().pid() + "\n", 0);
                case "status", "status-json" -> status(out, op.equals("status-json"));
                case "ports", "ports-json" -> ports(out, op.equals("ports-json"));
                case "service", "service-json" -> service(out, in.readUTF(), op.equals("service-json"));
                case "recover" -> recover(out);
                case "ctl" -> session(in, out, in.readUTF());
                case "shell" -> session(in, out, null);
                case "complete" -> complete(out, in.readUTF());
                case "notices" -> notices(out);
                case "progress" -> reply(out, progress() + "\n", 0);
                case "shutdown" -> shutdown(out);
                default -> reply(out, "unknown operation " + op + "\n", 2);
            }
        } catch (EOFException e) {
            // The client went away; nothing to answer.
        } catch (IOException | RuntimeException e) {
            LOG.debug("Remote session ended: {}", e.toString());
        }
    }

    private void status(DataOutputStream out, boolean json) throws IOException {
        StatusReport report;
        try {
            report = reports.status();
        } catch (IllegalStateException e) {
            reply(out, e.getMessage() + "\n", 3);
            return;
        }
        reply(out, json ? report.json() : report.table(), report.exitCode());
    }

    /** {@code vigil status SERVICE}: exit code that service's verdict's, 3 without a status, 4 for an unknown name. */
    private void service(DataOutputStream out, String name, boolean json) throws IOException {
        ServiceReport report;
        try {
            report = ServiceReport.of(reports, name, java.time.Instant.now());
        } catch (IllegalStateException e) {
            reply(out, e.getMessage() + "\n", 3);
            return;
        } catch (IllegalArgumentException e) {
            new FrameStream(out, 'E').write(("vigil: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            FrameStream.end(out, 4);
            return;
        }
        reply(out, json ? report.json() : report.text(), report.exitCode());
    }

    private void ports(DataOutputStream out, boolean json) throws IOException {
        PortReport report;
        try {
            report = reports.ports();
        } catch (IllegalStateException e) {
            reply(out, e.getMessage() + "\n", 3);
            return;
        }
        reply(out, json ? report.json() : report.table(), report.exitCode());
    }

    /** One pass of detection and recovery; exit 0 when every service is healthy afterwards, else 1. */
    private void recover(DataOutputStream out) throws IOException {
        dev.vigil.api.recovery.RecoveryCoordinator.Sweep sweep;
        try {
            sweep = reports.coordinator().sweep(VigilCommands.SWEEP_TIMEOUT);
        } catch (IllegalStateException e) {
            reply(out, e.getMessage() + "\n", 3);
            return;
        }
        reply(out, RecoveryReport.sweep(sweep), sweep.unhealthy().isEmpty() && !sweep.timedOut() ? 0 : 1);
    }

    /** What an operator must know right now (a config fallback, a file refused...), one per line; none without a status service. */
    private void notices(DataOutputStream out) throws IOException {
        StringBuilder text = new StringBuilder();
        try {
            reports.notices().forEach(n -> text.append(n).append('\n'));
        } catch (IllegalStateException e) {
            // No status service or supervisor: nothing to say here, status says why.
        }
        reply(out, text.toString(), 0);
    }

    /**
     * One line for the CLI's progress while it waits (a start, a stop, a recovery pass): how
     * many services are in each state, and the recoveries under way; empty without a supervisor.
     */
    private String progress() {
        java.util.List<dev.vigil.api.ServiceStatus> all;
        try {
            all = reports.supervisor().services();
        } catch (IllegalStateException e) {
            return ""; // no supervisor: the client knows whether it is still to come or already gone
        }
        java.util.Map<dev.vigil.api.ServiceState, Long> byState = new java.util.EnumMap<>(dev.vigil.api.ServiceState.class);
        all.forEach(st -> byState.merge(st.state(), 1L, Long::sum));
        StringBuilder line = new StringBuilder(all.size() + (all.size() == 1 ? " service" : " services"));
        String sep = ": ";
        for (var e : byState.entrySet()) {
            line.append(sep).append(e.getValue()).append(' ').append(e.getKey().name().toLowerCase(java.util.Locale.ROOT));
            sep = ", ";
        }
        try {
            java.util.Map<String, String> active = reports.coordinator().active();
            if (!active.isEmpty()) {
                line.append("; recovering ");
                sep = "";
                for (var e : new java.util.TreeMap<>(active).entrySet()) {
                    line.append(sep).append(e.getKey()).append(" (").append(e.getValue()).append(')');
                    sep = ", ";
                }
            }
        } catch (IllegalStateException e) {
            // No coordinator: nothing is being recovered.
        }
        return line.toString();
    }

    /** The words Tab offers for the line up to the cursor, one per line. */
    private void complete(DataOutputStream out, String line) throws IOException {
        StringBuilder text = new StringBuilder();
        completion().candidates(line).forEach(c -> text.append(c).append('\n'));
        reply(out, text.toString(), 0);
    }

    private Completion completion() {
        return new Completion(new CommandCatalog(context), () -> {
            try {
                return reports.supervisor().services().stream().map(dev.vigil.api.ServiceStatus::name).toList();
            } catch (IllegalStateException e) {
                return java.util.List.of();
            }
        });
    }

    /** Runs one command line, or (interactive) every line the client sends until it hangs up. */
    private void session(DataInputStream in, DataOutputStream out, String single) throws IOException {
        PrintStream stdout = new PrintStream(new FrameStream(out, 'O'), true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(new FrameStream(out, 'E'), true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), stdout, stderr);
        session.put("SCOPE", SCOPE);
        try {
            String line = single != null ? single : in.readUTF();
            while (true) {
                FrameStream.end(out, execute(session, line, stdout, stderr, new CommandCatalog(context)));
                if (single != null) {
                    return;
                }
                line = in.readUTF();
            }
        } finally {
            session.close();
        }
    }

    static int execute(CommandSession session, String line, PrintStream stdout, PrintStream stderr,
                       CommandCatalog catalog) {
        try {
            Object result = session.execute(line);
            if (result != null) {
                String text = String.valueOf(session.format(result, Converter.INSPECT));
                stdout.print(text.endsWith("\n") ? text : text + "\n");
            }
            stdout.flush();
            return 0;
        } catch (Exception e) {
            if (!(e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof org.apache.felix.gogo.runtime.CommandNotFoundException)) {
                // Not an operator's mistake: the one line goes to the shell, the trace to the log.
                LOG.warn("Shell command failed: {}", line, e);
            }
            stderr.println("error: " + CommandErrors.describe(e, line, catalog));
            stderr.flush();
            return 1;
        }
    }

    private void shutdown(DataOutputStream out) throws IOException {
        reply(out, "stopping Vigil (pid " + ProcessHandle.current().pid() + ")\n", 0);
        Thread stopper = new Thread(() -> {
            try {
                // The launcher's own stop, when it offers one: services first, every step bounded.
                var refs = context.getServiceReferences(Runnable.class, "(vigil.shutdown=true)");
                if (!refs.isEmpty()) {
                    context.getService(refs.iterator().next()).run();
                    return;
                }
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException | org.osgi.framework.InvalidSyntaxException e) {
                LOG.error("Could not stop the framework", e);
            }
        }, "vigil-shutdown");
        stopper.start();
    }

    private static void reply(DataOutputStream out, String text, int code) throws IOException {
        new FrameStream(out, 'O').write(text.getBytes(StandardCharsets.UTF_8));
        FrameStream.end(out, code);
    }
}
