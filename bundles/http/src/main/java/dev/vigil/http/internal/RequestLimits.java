package dev.vigil.http.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits every request before any servlet sees it, whichever bundle serves the path: a body
 * announced larger than {@link #MAX_BODY} is refused with 413 and the connection closed, so it
 * is never read. Bodies sent without a length are bounded where they are read ({@link Bodies}).
 * A path with a "." or ".." segment is refused with 400: Jetty would resolve it
 * ({@code /health/../status} is {@code /status}), past a proxy in front that allowed it by prefix.
 * At most {@link #TURNS_PROPERTY} requests (default: one fewer than the CPUs, at least 1) are
 * served at once, so a flood of scrapes always leaves a core to the checks: the others wait up to
 * {@link #TURN_WAIT} for a turn, then get 429 (Too Many Requests: a 503 would read as "fail" to a health probe) with {@code Retry-After}.
 * Every thread that serves a request is lowered in priority first ({@link BackgroundPriority});
 * a request that may change something (any method but GET, HEAD and OPTIONS) is then served by a
 * thread of the daemon's own priority, so that nothing it starts (a service, a thread of a pool
 * made on first use) inherits the lowered one.
 */
@Component(service = Preprocessor.class)
public final class RequestLimits implements Preprocessor {
    /** No endpoint takes more than a small JSON body. */
    static final int MAX_BODY = 64 * 1024;
    /** Framework or system property: requests served at once; 0 for no bound. */
    static final String TURNS_PROPERTY = "vigil.http.concurrency";
    /** How long a request waits for a turn before it is answered 429. */
    static final Duration TURN_WAIT = Duration.ofSeconds(2);
    /** Request attribute: the {@link Runnable} that gives the request's turn back early (idempotent). */
    static final String TURN_ATTRIBUTE = RequestLimits.class.getName() + ".turn";
    private static final Logger LOG = LoggerFactory.getLogger(RequestLimits.class);
    /** Methods that change nothing. */
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private Semaphore turns;
    private BackgroundPriority priority;
    /** Threads for requests that may change something; they never time out, so none is made on a lowered thread. */
    static final int CHANGES_AT_ONCE = 4;
    /** Started at activation, on SCR's thread, so that they have the daemon's priority. */
    private ThreadPoolExecutor changes;

    @Activate
    void activate(BundleContext context) {
        String set = context.getProperty(TURNS_PROPERTY);
        int n = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        if (set != null && !set.isBlank()) {
            try {
                n = Integer.parseInt(set.trim());
            } catch (NumberFormatException e) {
                LOG.warn("HTTP: {} must be a whole number of requests (0 = no bound), found \"{}\"; using {}",
                        TURNS_PROPERTY, set, n);
            }
        }
        turns = n > 0 ? new Semaphore(n, true) : null;
        priority = BackgroundPriority.of(BackgroundPriority.parse(context.getProperty(BackgroundPriority.PROPERTY)));
        if (priority != null) {
            AtomicInteger count = new AtomicInteger();
            changes = new ThreadPoolExecutor(CHANGES_AT_ONCE, CHANGES_AT_ONCE, 0, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "vigil-http-changes-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            changes.prestartAllCoreThreads();
        }
    }

    @Deactivate
    void deactivate() {
        if (changes != null) {
            changes.shutdownNow();
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        BackgroundPriority p = priority;
        if (p != null) {
            p.lowerThisThread();
        }
        if (hasDotSegment(req.getRequestURI())) {
            Problem.send(resp, 400, Problem.describe(400, "a '.' or '..' segment", req.getRequestURI()));
            return;
        }
        if (req.getContentLengthLong() > MAX_BODY) {
            resp.setHeader("Connection", "close");
            Problem.send(resp, 413, Problem.describe(413, null, req.getRequestURI()));
            return;
        }
        Semaphore t = turns;
        if (t == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean mine;
        try {
            mine = t.tryAcquire(TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mine = false;
        }
        if (!mine) {
            resp.setHeader("Retry-After", "1");
            Problem.send(resp, 429, Problem.describe(429, "too many requests at once; retry in 1 s", req.getRequestURI()));
            return;
        }
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable giveBack = () -> {
            if (held.compareAndSet(true, false)) {
                t.release();
            }
        };
        req.setAttribute(TURN_ATTRIBUTE, giveBack);
        try {
            serve(req, response, chain);
        } finally {
            giveBack.run();
        }
    }

    /** Runs the rest of the chain here, or on {@link #changes} for a request that may change something. */
    private void serve(HttpServletRequest req, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ThreadPoolExecutor c = changes;
        if (c == null || READS.contains(req.getMethod())) {
            chain.doFilter(req, response);
            return;
        }
        Future<?> served;
        try {
            served = c.submit(() -> {
                chain.doFilter(req, response);
                return null;
            });
        } catch (RejectedExecutionException e) {
            throw new ServletException("the HTTP endpoint is stopping", e);
        }
        try {
            served.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while the request was served", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof ServletException se) {
                throw se;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ServletException(cause);
        }
    }

    /**
     * Gives the request's turn back before it waits on something other than the CPU (a service
     * that takes seconds to stop), so that /health is not held up behind it. Once only; nothing
     * for a request that had no turn.
     */
    static void yieldTurn(ServletRequest request) {
        if (request.getAttribute(TURN_ATTRIBUTE) instanceof Runnable giveBack) {
            giveBack.run();
        }
    }

    /** The path as the client sent it (Jetty's request URI is not normalised), segment by segment. */
    static boolean hasDotSegment(String rawPath) {
        // A scan, not a split: this runs for every request, thousands a second under a flood.
        int start = 0;
        int n = rawPath.length();
        while (start <= n) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            int len = end - start;
            // "." or "..": the first len characters of "..".
            if ((len == 1 || len == 2) && rawPath.regionMatches(start, "..", 0, len)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    @Override
    public void init(jakarta.servlet.FilterConfig config) {
    }

    @Override
    public void destroy() {
    }
}
