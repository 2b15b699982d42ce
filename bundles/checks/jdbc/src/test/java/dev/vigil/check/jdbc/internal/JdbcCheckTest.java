package dev.vigil.check.jdbc.internal;

import static dev.vigil.check.jdbc.internal.Runs.run;
import static dev.vigil.check.jdbc.internal.Runs.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckResult;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the jdbc check does whatever the database: bad parameters, no driver, no server, a full queue. */
class JdbcCheckTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final JdbcCheck check = new JdbcCheck(url -> url.startsWith("jdbc:hang:") ? new HangingDriver(release)
            : new ClasspathDrivers().find(url));

    {
        check.activate();
    }

    @AfterEach
    void deactivate() {
        release.countDown();
        check.deactivate();
    }

    @Test
    void nothingListeningIsDownAtOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/app";
        long start = System.nanoTime();
        CheckResult r = run(check, Duration.ofSeconds(3), "url", url, "user", "app", "password", "s3cret-pw");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(HealthStatus.DOWN, r.status(), r.message());
        assertEquals("cannot connect to " + url + ": Connection refused", r.message());
        assertTrue(tookMs < 1_000, "took " + tookMs + " ms");
    }

    @Test
    void urlIsRequiredAndMustBeJdbc() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> check.run(Runs.request(Duration.ofSeconds(1), "query", "SELECT 1")));
        assertTrue(missing.getMessage().startsWith("parameter \"url\" is missing; give a JDBC URL such as"),
                missing.getMessage());
        IllegalArgumentException notJdbc = assertThrows(IllegalArgumentException.class,
                () -> check.run(Runs.request(Duration.ofSeconds(1), "url", "postgres://u:pw@db/app")));
        assertEquals("parameter \"url\": expected a JDBC URL starting with jdbc:, found \"postgres://u:***@db/app\"",
                notJdbc.getMessage());
    }

    @Test
    void urlWithoutAnInstalledDriverIsUnknown() throws Exception {
        CheckResult r = run(check, Duration.ofSeconds(1), "url", "jdbc:nosuchdb://127.0.0.1/app");
        assertEquals(HealthStatus.UNKNOWN, r.status(), r.message());
        assertEquals("no JDBC driver installed accepts jdbc:nosuchdb://127.0.0.1/app; drop the driver's bundle into"
                + " deploy/", r.message());
    }

    @Test
    void hungDriverIsDownOnTimeWithoutHoldingTheCaller() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<CheckResult> pending = start(check, Duration.ofMillis(300), "url", "jdbc:hang:db");
        assertTrue((System.nanoTime() - start) / 1_000_000 < 100, "run() blocked its caller");
        CheckResult r = pending.get(300 + Runs.MARGIN_MS, TimeUnit.MILLISECONDS);
        assertEquals(HealthStatus.DOWN, r.status(), r.message());
        assertEquals("cannot connect to jdbc:hang:db within 300 ms", r.message());
    }

    @Test
    void fullQueueIsUnknownAtOnceAndWaitersExpireUnknown() throws Exception {
        List<CompletableFuture<CheckResult>> busy = new ArrayList<>();
        for (int i = 0; i < JdbcCheck.WORKERS + JdbcCheck.QUEUE; i++) {
            busy.add(start(check, Duration.ofSeconds(2), "url", "jdbc:hang:db"));
        }
        CompletableFuture<CheckResult> overflow = start(check, Duration.ofSeconds(2), "url", "jdbc:hang:db");
        assertTrue(overflow.isDone(), "a full queue must answer at once");
        assertEquals(HealthStatus.UNKNOWN, overflow.get().status());
        assertEquals("too many jdbc checks waiting (16 queued behind 2 running); not checked this time",
                overflow.get().message());

        CheckResult waiter = busy.get(busy.size() - 1).get(2_000 + Runs.MARGIN_MS, TimeUnit.MILLISECONDS);
        assertEquals(HealthStatus.UNKNOWN, waiter.status(), waiter.message());
        assertEquals("not checked within 2000 ms: every jdbc worker was busy with slower checks", waiter.message());
    }

    @Test
    void passwordsNeverShow() {
        Redaction r = new Redaction("jdbc:postgresql://app:url%40pw@db:5432/app?user=app&password=in-query", "param-pw");
        assertEquals("jdbc:postgresql://app:***@db:5432/app",
                r.url("jdbc:postgresql://app:url%40pw@db:5432/app?user=app&password=in-query"));
        String driverSays = "FATAL for jdbc:postgresql://db/app?password=in-query (param-pw, url@pw, url%40pw)\n  Hint: x";
        String shown = r.text(driverSays);
        assertEquals("FATAL for jdbc:postgresql://db/app?password=*** (***, ***, ***) Hint: x", shown);
        String sqlServer = "jdbc:sqlserver://db;user=sa;password=pw1";
        assertEquals("jdbc:sqlserver://db;user=sa;password=***", new Redaction(sqlServer, null).url(sqlServer));
    }

    /** A driver whose connect hangs until the test ends, as one facing a silent network would. */
    private record HangingDriver(CountDownLatch release) implements Driver {
        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("released");
        }

        @Override
        public boolean acceptsURL(String url) {
            return url.startsWith("jdbc:hang:");
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }
    }
}
