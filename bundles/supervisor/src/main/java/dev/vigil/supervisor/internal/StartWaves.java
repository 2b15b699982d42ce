package dev.vigil.supervisor.internal;

import dev.vigil.api.ServiceDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launches of a config, side by side where nothing orders them. Most of a launch is the
 * wait in posix_spawn until the child has exec'd (a few ms each, the CPU idle), so 50
 * services launched one after the other took half a second (bench/footprint.sh). Services
 * go in waves of dependency depth: a wave depends only on earlier waves, or on services
 * already running, so a dependent is launched, or compared for adoption, only once what it
 * depends on has its ports.
 */
final class StartWaves {
    /** Launches at once: enough to hide the waits, few enough not to crowd a small machine. */
    static final int LAUNCHERS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(StartWaves.class);

    private StartWaves() {
    }

    /** PROCESSES (in start order) grouped into waves, the first depending on none of the others. */
    static List<List<ServiceProcess>> of(List<ServiceProcess> processes) {
        return of(processes, p -> p.definition().name(), p -> p.definition().dependsOn());
    }

    /** ITEMS (in start order, each named with the groups it depends on) grouped into waves. */
    static <T> List<List<T>> of(List<T> items, Function<T, String> name, Function<T, List<String>> dependsOn) {
        Map<String, Integer> depthOfGroup = new HashMap<>();
        List<List<T>> waves = new ArrayList<>();
        for (T item : items) {
            // A group not among these is already running (or not in the config): it orders nothing.
            int depth = dependsOn.apply(item).stream().mapToInt(g -> depthOfGroup.getOrDefault(g, -1) + 1).max()
                    .orElse(0);
            depthOfGroup.merge(ServiceDefinition.groupOf(name.apply(item)), depth, Math::max);
            while (waves.size() <= depth) {
                waves.add(new ArrayList<>());
            }
            waves.get(depth).add(item);
        }
        return waves;
    }

    /** Runs START for each of WAVE, up to {@link #LAUNCHERS} at once; returns when every one has. */
    static void together(List<ServiceProcess> wave, Consumer<ServiceProcess> start) {
        together(wave, start, p -> p.definition().name());
    }

    /** As {@link #together(List, Consumer)}, for items NAME tells apart in the log. */
    static <T> void together(List<T> wave, Consumer<T> start, Function<T, String> name) {
        if (wave.size() <= 1) {
            wave.forEach(start);
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(LAUNCHERS, wave.size()), r -> {
            Thread t = new Thread(r, "vigil-launch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> launches = new ArrayList<>();
            for (T item : wave) {
                launches.add(pool.submit(() -> start.accept(item)));
            }
            for (int i = 0; i < launches.size(); i++) {
                try {
                    launches.get(i).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.error("Service {}: its start failed", name.apply(wave.get(i)), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdown();
        }
    }
}
