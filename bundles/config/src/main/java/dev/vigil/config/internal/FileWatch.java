package dev.vigil.config.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back once a burst of changes to some files has settled. Editors save in several
 * steps (truncate and write, or write a temp file and rename it), so a change is acted on
 * only after {@code quiet} without another.
 */
final class FileWatch implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);

    private final WatchService watcher;
    private final Set<Path> files = new HashSet<>();
    private final ScheduledExecutorService timer;
    private final Duration quiet;
    private final Runnable onChange;
    private final Thread thread;
    private ScheduledFuture<?> pending;

    FileWatch(List<Path> watched, Duration quiet, Runnable onChange) throws IOException {
        this.quiet = quiet;
        this.onChange = onChange;
        this.watcher = FileSystems.getDefault().newWatchService();
        Set<Path> dirs = new HashSet<>();
        for (Path f : watched) {
            Path abs = f.toAbsolutePath().normalize();
            files.add(abs);
            dirs.add(abs.getParent());
        }
        for (Path dir : dirs) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-config-reload");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::loop, "vigil-config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    Object context = event.context();
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW
                            || context instanceof Path p && files.contains(dir.resolve(p).normalize())) {
                        relevant = true;
                    }
                }
                key.reset();
                if (relevant) {
                    schedule();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: the component is going away.
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = timer.schedule(() -> {
            try {
                onChange.run();
            } catch (RuntimeException e) {
                LOG.error("Config reload failed", e);
            }
        }, quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        timer.shutdownNow();
        thread.interrupt();
    }
}
