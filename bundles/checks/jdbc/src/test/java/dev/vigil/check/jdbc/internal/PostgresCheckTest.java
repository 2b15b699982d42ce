package dev.vigil.check.jdbc.internal;

import static dev.vigil.check.jdbc.internal.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The jdbc check against a real PostgreSQL server, named by {@code VIGIL_TEST_POSTGRES}
 * (.ci/run starts the server and sets it).
 */
class PostgresCheckTest {
    private static final String ENV = "VIGIL_TEST_POSTGRES";
    private static String url;
    private static String base;
    private static String user;

    private final JdbcCheck check = new JdbcCheck(new ClasspathDrivers());

    @BeforeAll
    static void server() {
        url = System.getenv(ENV);
        if (url != null) {
            base = url.replaceFirst("\\?.*", "");
            user = url.replaceFirst(".*[?&]user=([^&]*).*", "$1");
        }
    }

    @BeforeEach
    void activate() {
        // Per test, so that each is reported skipped, with the reason.
        assumeTrue(url != null && !url.isBlank(), ENV + " is not set: start PostgreSQL and export " + ENV
                + "=\"jdbc:postgresql://127.0.0.1:5432/vigil_test?user=vigil_test&password=vigil_test\""
                + " (.ci/run does both) to run these tests");
        check.activate();
    }

    @AfterEach
    void deactivate() {
        if (url != null) {
            check.deactivate();
        }
    }

    @Test
    void runningServerIsUp() throws Exception {
        CheckResult r = run(check, Duration.ofSeconds(3), "url", url);
        assertEquals(HealthStatus.UP, r.status(), r.message());
        assertTrue(r.message().startsWith(base + " answered \"SELECT 1\" with 1 in "), r.message());
        assertFalse(r.message().contains("password"), r.message());
        assertTrue(r.metrics().containsKey("connect_seconds") && r.metrics().containsKey("query_seconds"), r.toString());
    }

    @Test
    void wrongPasswordIsDownWithoutThePassword() throws Exception {
        String secret = "Wr0ng-Secret-4711";
        CheckResult r = run(check, Duration.ofSeconds(3), "url", base, "user", user, "password", secret);
        assertEquals(HealthStatus.DOWN, r.status(), r.message());
        assertTrue(r.message().startsWith("cannot connect to " + base + ": "), r.message());
        assertTrue(r.message().contains("password authentication failed"), r.message());
        assertFalse(r.message().contains(secret), r.message());

        CheckResult inUrl = run(check, Duration.ofSeconds(3), "url", base + "?user=" + user + "&password=" + secret);
        assertEquals(HealthStatus.DOWN, inUrl.status(), inUrl.message());
        assertFalse(inUrl.message().contains(secret), inUrl.message());
    }

    @Test
    void failingQueryIsDownNamingTheError() throws Exception {
        CheckResult r = run(check, Duration.ofSeconds(3), "url", url, "query", "SELECT * FROM vigil_no_such_table");
        assertEquals(HealthStatus.DOWN, r.status(), r.message());
        assertTrue(r.message().startsWith("query \"SELECT * FROM vigil_no_such_table\" failed on " + base + ": "),
                r.message());
        assertTrue(r.message().contains("relation \"vigil_no_such_table\" does not exist"), r.message());
        assertFalse(r.message().contains("\n"), r.message());
    }

    @Test
    void queryPastTheTimeoutIsDownOnTimeAndCancelledOnTheServer() throws Exception {
        String query = "SELECT pg_sleep(5) /* vigil-timeout-test */";
        long start = System.nanoTime();
        CheckResult r = run(check, Duration.ofSeconds(1), "url", url, "query", query);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(HealthStatus.DOWN, r.status(), r.message());
        assertTrue(tookMs < 1_500, "took " + tookMs + " ms");
        assertTrue(r.message().startsWith("no answer from " + base + " to \"" + query + "\" within 1000 ms"), r.message());

        // The server stops the query instead of sleeping on for an abandoned connection.
        long deadline = System.nanoTime() + 2_000_000_000L;
        int active;
        do {
            Thread.sleep(100);
            active = activeBackends(query);
        } while (active > 0 && System.nanoTime() < deadline);
        assertEquals(0, active, "the timed-out query still runs on the server");

        // And the worker is free again.
        assertEquals(HealthStatus.UP, run(check, Duration.ofSeconds(2), "url", url).status());
    }

    @Test
    void slowerThanLatencyWarningIsDegraded() throws Exception {
        CheckResult r = run(check, Duration.ofSeconds(3), "url", url, "query", "SELECT pg_sleep(0.3)",
                "latencyWarning", "100ms");
        assertEquals(HealthStatus.DEGRADED, r.status(), r.message());
        assertTrue(r.message().endsWith(", slower than 100 ms"), r.message());
    }

    private static int activeBackends(String query) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                     + " AND query LIKE '%vigil-timeout-test%' AND pid <> pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
