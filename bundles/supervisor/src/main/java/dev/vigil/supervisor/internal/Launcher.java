package dev.vigil.supervisor.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.recovery.ServiceControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a definition and its ports into a running process: argv with the ports filled in,
 * the environment with the ports and Vigil's marker, output into its log pipe, in a
 * session of its own, as its user. Never a shell. The marker (service and installation) is
 * how Vigil later knows a process as its own, and the only processes it will ever signal
 * that it did not start in this run.
 *
 * <p>A child starts with the nice value of the thread that spawns it (Linux keeps one per
 * thread), and an unprivileged process cannot lower it again. A caller running at a lower
 * priority than the daemon (the HTTP bundle lowers its request threads) has its spawn made by a
 * thread of the daemon's own priority, so that no service inherits the caller's.
 */
final class Launcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    private final String installation;
    private final Function<String, Map<String, Integer>> portsOf;
    private final ExitWatch exits;
    // Fair: a probe waiting is not starved by a stream of launches.
    private final ReentrantReadWriteLock forks = new ReentrantReadWriteLock(true);
    /** The daemon's nice value: that of the thread that made this launcher (SCR's). */
    private final int nice;
    /** One thread, started here so that it has {@link #nice}, for spawns asked by a thread with another. */
    private final ThreadPoolExecutor atDaemonPriority;

    /** What a launch is made of; equal launches make the same process. */
    record Launch(List<String> command, Map<String, String> env, Path cwd, String user, String group) {
        /** A digest of the whole launch, kept in the state file instead of the values (env may hold secrets). */
        String digest() {
            try {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                String text = String.join("\0", command) + "\1" + new TreeMap<>(env) + "\1" + cwd + "\1" + user
                        + "\1" + group;
                return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no SHA-256 in this JVM", e);
            }
        }
    }

    /**
     * @param installation this installation's id, put into every service's environment
     * @param portsOf      the ports another service was given at its last launch, for {@code ${port.SERVICE.NAME}}
     * @param exits        tells when each launched process ends
     */
    Launcher(String installation, Function<String, Map<String, Integer>> portsOf, ExitWatch exits) {
        this.installation = installation;
        this.portsOf = portsOf;
        this.exits = exits;
        this.nice = LibC.C.getpriority(LibC.PRIO_PROCESS, 0);
        atDaemonPriority = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vigil-spawn");
            t.setDaemon(true);
            return t;
        });
        atDaemonPriority.prestartCoreThread();
    }

    /** The launch a definition makes with these ports, without running it. */
    Launch prepare(ServiceDefinition definition, Map<String, Integer> ports) {
        PortReferences refs = new PortReferences(ports, portsOf);
        Map<String, String> env = new HashMap<>();
        definition.env().forEach((k, v) -> env.put(k, refs.fill(v)));
        env.put(ServiceControl.MARKER_SERVICE, definition.name());
        env.put(ServiceControl.MARKER_INSTALLATION, installation);
        ports.forEach((name, port) -> env.put("VIGIL_PORT_" + name.toUpperCase(Locale.ROOT), port.toString()));
        if (ports.size() == 1) {
            env.put("PORT", ports.values().iterator().next().toString());
        }
        return new Launch(refs.fill(definition.command()), env, definition.workingDir(), definition.user(),
                definition.group());
    }

    /**
     * Held while ports are probed. A probe binds a socket and closes it; a child spawned
     * meanwhile would hold a copy of it from its fork until it closes its descriptors, and
     * the service given that port could then not bind it. Launches run side by side (they
     * share the other side of this lock), probes alone.
     */
    Lock probing() {
        return forks.writeLock();
    }

    Running launch(Launch launch, String service, LogSink log) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(launch.env());
        List<String> argv = RunAs.wrap(launch.user(), launch.group(), launch.command(), env);
        long pid = LibC.C.getpriority(LibC.PRIO_PROCESS, 0) == nice ? spawn(argv, env, launch, log)
                : spawnAtDaemonPriority(argv, env, launch, log);
        Running started = new Running(pid, Proc.startTicks(pid), Instant.now(), exits.watch(pid, true));
        LOG.info("Started {} (pid {}): {}", service, pid, argv);
        return started;
    }

    private long spawn(List<String> argv, Map<String, String> env, Launch launch, LogSink log) throws IOException {
        forks.readLock().lock();
        try {
            return Spawner.spawn(argv, env, launch.cwd(), log.fifo());
        } finally {
            forks.readLock().unlock();
        }
    }

    private long spawnAtDaemonPriority(List<String> argv, Map<String, String> env, Launch launch, LogSink log)
            throws IOException {
        try {
            return atDaemonPriority.submit(() -> spawn(argv, env, launch, log)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("spawn failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the spawn waited for its thread", e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IOException("the supervisor is stopping", e);
        }
    }

    @Override
    public void close() {
        atDaemonPriority.shutdown();
    }

    /**
     * Takes over a process an earlier daemon (or supervisor) launched, watching its end like
     * a child's.
     *
     * @param child whether it is still this JVM's child (the supervisor bundle was restarted), so it is reaped
     */
    Running adopt(long pid, long startTicks, Instant startedAt, boolean child) {
        return new Running(pid, startTicks, startedAt, exits.watch(pid, child));
    }
}
