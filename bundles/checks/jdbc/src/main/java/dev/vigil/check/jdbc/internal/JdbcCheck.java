package dev.vigil.check.jdbc.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.Parameters;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code jdbc}: connects to {@code url} and runs {@code query} within the timeout; slower than
 * {@code latencyWarning} is DEGRADED. JDBC blocks, so runs go to two worker threads of this
 * bundle behind a bounded queue (full: UNKNOWN at once, the caller never waits), and one
 * deadline thread ends a run that overstays: its result is DOWN on time, its query cancelled,
 * its connection aborted. Drivers are OSGi bundles, found by {@link DriverFinder}.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=jdbc")
public final class JdbcCheck implements CheckType {
    static final int WORKERS = 2;
    static final int QUEUE = 16;
    /** How long a driver may take to give up after its query was cancelled before its connection is aborted. */
    private static final long ABORT_GRACE_MS = 500;

    @Reference
    private DriverFinder drivers;

    private ThreadPoolExecutor workers;
    private ScheduledThreadPoolExecutor deadlines;
    private final Set<Probe> running = ConcurrentHashMap.newKeySet();

    /** For Declarative Services. */
    public JdbcCheck() {
    }

    /** For tests: drivers from elsewhere than the framework. */
    JdbcCheck(DriverFinder drivers) {
        this.drivers = drivers;
    }

    @Activate
    void activate() {
        // Threads start on the first check, so a daemon without jdbc checks holds none.
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                daemons("vigil-check-jdbc-"));
        workers.allowCoreThreadTimeOut(true);
        deadlines = new ScheduledThreadPoolExecutor(1, daemons("vigil-check-jdbc-deadline-"));
        deadlines.setRemoveOnCancelPolicy(true);
        deadlines.setKeepAliveTime(60, TimeUnit.SECONDS);
        deadlines.allowCoreThreadTimeOut(true);
    }

    @Deactivate
    void deactivate() {
        workers.shutdownNow();
        deadlines.shutdownNow();
        running.forEach(Probe::abort);
    }

    @Override
    public String type() {
        return "jdbc";
    }

    @Override
    public String describe() {
        return "url (jdbc:postgresql://host:port/db, jdbc:sqlite:/path/file.db), user, password, query (SELECT 1),"
                + " latencyWarning (e.g. 250ms)";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        Parameters p = request.parameters();
        String url = JdbcParameters.url(p);
        String password = p.string("password").orElse(null);
        Probe probe = new Probe(drivers, new Probe.Target(url, p.string("user").orElse(null), password,
                p.string("query").orElse("SELECT 1"), request.timeout(), p.duration("latencyWarning").orElse(null)));
        try {
            workers.execute(() -> {
                running.add(probe);
                try {
                    probe.run();
                } finally {
                    running.remove(probe);
                }
            });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(new CheckResult(HealthStatus.UNKNOWN, "too many jdbc checks waiting ("
                    + QUEUE + " queued behind " + WORKERS + " running); not checked this time", Duration.ZERO,
                    Instant.now()));
        }
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            if (probe.expire()) {
                deadlines.schedule(probe::abort, ABORT_GRACE_MS, TimeUnit.MILLISECONDS);
            }
        }, request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return probe.result().whenComplete((r, error) -> deadline.cancel(false));
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
