package dev.vigil.supervisor.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over what an earlier daemon left running, from its state file. A process is the
 * one that daemon launched when its pid, start time and boot all match: pids are reused,
 * that triple never is. It is adopted when its service would be launched the same way now
 * (same argv, environment, directory, user, ports); otherwise it is stopped and its service
 * started anew. A process of a service gone from the config is stopped.
 */
final class Adoption {
    private static final Logger LOG = LoggerFactory.getLogger(Adoption.class);
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(10);
    private final Launcher launcher;
    private final StateFile state;

    Adoption(Launcher launcher, StateFile state) {
        this.launcher = launcher;
        this.state = state;
    }

    /** Adopts the entry's process into {@code p} if it is still the one and still current; else clears the entry. */
    boolean adopt(ServiceProcess p, StateFile.Entry entry) {
        if (entry == null) {
            return false;
        }
        String name = p.definition().name();
        ProcessHandle handle = identified(entry);
        if (handle == null) {
            LOG.info("Service {}: pid {}, left by an earlier daemon, is gone; starting it", name, entry.pid());
            state.remove(name);
            return false;
        }
        String now = launcher.prepare(p.definition(), entry.ports()).digest();
        if (!now.equals(entry.launch())) {
            LOG.info("Service {}: its launch changed while no daemon ran; stopping pid {} to start it anew", name,
                    entry.pid());
            ProcessTree.terminate(List.of(handle), p.definition().stopTimeout(), null);
            state.remove(name);
            return false;
        }
        boolean child = handle.parent().map(up -> up.pid() == ProcessHandle.current().pid()).orElse(false);
        p.adopt(launcher.adopt(entry.pid(), entry.startTicks(), Instant.ofEpochMilli(entry.startedAt()), child),
                entry.ports(), entry.restarts(), entry.lastExit());
        return true;
    }

    /** Stops the process of a service that is no longer in the config. */
    void stopLeftover(String name, StateFile.Entry entry) {
        ProcessHandle handle = identified(entry);
        if (handle != null) {
            LOG.info("Service {} is no longer configured; stopping pid {}, left by an earlier daemon", name,
                    entry.pid());
            ProcessTree.terminate(List.of(handle), LEFTOVER_GRACE, null);
        }
        state.remove(name);
    }

    /** The live process the entry names, or null when it is gone or its pid now names another. */
    static ProcessHandle identified(StateFile.Entry entry) {
        if (!Proc.bootId().equals(entry.bootId()) || Proc.startTicks(entry.pid()) != entry.startTicks()) {
            return null;
        }
        return ProcessHandle.of(entry.pid()).filter(ProcessTree::running).orElse(null);
    }
}
