package dev.vigil.check.jdbc.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One run of a jdbc check on a worker thread: find the driver, connect, run the query, judge.
 * The deadline thread may {@link #expire()} it at any moment: the result is DOWN at once and the
 * statement is cancelled, so that the server stops the query; {@link #abort()} then closes the
 * connection under a driver that still holds the worker. Cancel and close never overlap (a
 * native driver such as sqlite-jdbc must not be interrupted while it frees its handle).
 */
final class Probe implements Runnable {
    private enum Phase { WAITING, CONNECTING, QUERYING, DONE }

    private final DriverFinder drivers;
    private final Target target;
    private final Redaction redaction;
    private final String where;
    private final long start = System.nanoTime();
    private final CompletableFuture<CheckResult> result = new CompletableFuture<>();
    private Phase phase = Phase.WAITING;
    private Connection connection;
    private Statement statement;
    /** When the worker took it up; read by the worker only. */
    private long began;

    /** What to check; the password is never shown. */
    record Target(String url, String user, String password, String query, Duration timeout, Duration latencyWarning) {
    }

    Probe(DriverFinder drivers, Target target) {
        this.drivers = drivers;
        this.target = target;
        this.redaction = new Redaction(target.url(), target.password());
        this.where = redaction.url(target.url());
    }

    CompletableFuture<CheckResult> result() {
        return result;
    }

    @Override
    public void run() {
        if (!begin()) {
            return;
        }
        try {
            CheckResult r = probe();
            if (r != null) {
                result.complete(r);
            }
        } catch (SQLException e) {
            result.complete(failed(e));
        } catch (RuntimeException | LinkageError e) {
            // A driver without its native library, a driver bug: nothing said about the database.
            result.complete(done(HealthStatus.UNKNOWN, "the JDBC driver failed on " + where + ": "
                    + redaction.text(e.toString())));
        } finally {
            finish();
        }
    }

    private CheckResult probe() throws SQLException {
        Driver driver = drivers.find(target.url());
        if (driver == null) {
            return done(HealthStatus.UNKNOWN, "no JDBC driver installed accepts " + where
                    + "; drop the driver's bundle into deploy/");
        }
        Connection c = driver.connect(target.url(),
                DriverProperties.of(target.url(), target.user(), target.password(), target.timeout()));
        if (c == null) {
            return done(HealthStatus.UNKNOWN, driver.getClass().getName() + " does not accept " + where);
        }
        long connected = System.nanoTime();
        Statement s;
        synchronized (this) {
            connection = c;
            if (result.isDone()) {
                return null;
            }
            s = c.createStatement();
            statement = s;
            phase = Phase.QUERYING;
        }
        long left = target.timeout().toNanos() - (connected - start);
        s.setQueryTimeout((int) Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
        String answer = firstValue(s, target.query());
        long answered = System.nanoTime();
        // Time spent waiting for a worker is not the database's: latency counts from the connect.
        Duration took = Duration.ofNanos(answered - began);
        String summary = where + " answered \"" + abbreviate(target.query()) + "\" with " + abbreviate(answer) + " in "
                + took.toMillis() + " ms (connect " + (connected - began) / 1_000_000 + " ms)";
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("connect_seconds", (connected - began) / 1e9);
        metrics.put("query_seconds", (answered - connected) / 1e9);
        Duration warn = target.latencyWarning();
        if (warn != null && took.compareTo(warn) > 0) {
            return done(HealthStatus.DEGRADED, summary + ", slower than " + warn.toMillis() + " ms", metrics);
        }
        return done(HealthStatus.UP, summary, metrics);
    }

    private synchronized boolean begin() {
        if (result.isDone()) {
            phase = Phase.DONE;
            return false;
        }
        phase = Phase.CONNECTING;
        began = System.nanoTime();
        return true;
    }

    private static String firstValue(Statement s, String query) throws SQLException {
        if (!s.execute(query)) {
            return "no result set";
        }
        try (ResultSet rows = s.getResultSet()) {
            return rows.next() ? String.valueOf(rows.getString(1)) : "no rows";
        }
    }

    /**
     * Called by the deadline: the result becomes DOWN (UNKNOWN when the run never started) and
     * a running query is cancelled.
     *
     * @return whether this ended the run, false when it had already finished
     */
    boolean expire() {
        Phase at;
        synchronized (this) {
            at = phase;
        }
        String within = " within " + target.timeout().toMillis() + " ms";
        CheckResult late = switch (at) {
            case WAITING -> done(HealthStatus.UNKNOWN, "not checked" + within
                    + ": every jdbc worker was busy with slower checks");
            case CONNECTING -> done(HealthStatus.DOWN, "cannot connect to " + where + within);
            default -> done(HealthStatus.DOWN, "no answer from " + where + " to \"" + abbreviate(target.query()) + "\""
                    + within + "; query cancelled");
        };
        if (!result.complete(late)) {
            return false;
        }
        synchronized (this) {
            if (phase == Phase.QUERYING) {
                try {
                    statement.cancel();
                } catch (SQLException | RuntimeException e) {
                    // The abort that follows frees the worker all the same.
                }
            }
        }
        return true;
    }

    /** Closes the connection under a driver that did not give up after {@link #expire()}. */
    void abort() {
        synchronized (this) {
            if (phase != Phase.DONE && connection != null) {
                try {
                    connection.abort(Runnable::run);
                } catch (SQLException | RuntimeException e) {
                    // Nothing more can be done from outside the driver.
                }
            }
        }
    }

    private void finish() {
        Statement s;
        Connection c;
        synchronized (this) {
            phase = Phase.DONE;
            s = statement;
            c = connection;
        }
        close(s);
        close(c);
    }

    private CheckResult failed(SQLException e) {
        Phase at;
        synchronized (this) {
            at = phase;
        }
        String why = redaction.text(reason(e));
        return at == Phase.QUERYING
                ? done(HealthStatus.DOWN, "query \"" + abbreviate(target.query()) + "\" failed on " + where + ": " + why)
                : done(HealthStatus.DOWN, "cannot connect to " + where + ": " + why);
    }

    /** The clearest line of a driver's error: a socket's own words when the network failed. */
    static String reason(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IOException && root.getMessage() != null) {
            return root instanceof ConnectException || root instanceof SocketTimeoutException ? root.getMessage()
                    : root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private String abbreviate(String s) {
        String t = redaction.text(s);
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }

    private CheckResult done(HealthStatus status, String message) {
        return done(status, message, Map.of());
    }

    private CheckResult done(HealthStatus status, String message, Map<String, Double> metrics) {
        return new CheckResult(status, message, Duration.ofNanos(System.nanoTime() - start), Instant.now(), metrics);
    }

    private static void close(AutoCloseable resource) {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                // Closing after a failure: nothing more to learn.
            }
        }
    }
}
