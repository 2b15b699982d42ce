package dev.vigil.check.jdbc.internal;

import static dev.vigil.check.jdbc.internal.Runs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jdbc check against SQLite database files (sqlite-jdbc with its native library). */
class SqliteCheckTest {
    private final JdbcCheck check = new JdbcCheck(new ClasspathDrivers());

    @TempDir
    Path dir;
    private String url;

    @BeforeEach
    void database() throws Exception {
        check.activate();
        url = "jdbc:sqlite:" + dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY)");
            s.execute("INSERT INTO jobs VALUES (1), (2)");
        }
    }

    @AfterEach
    void deactivate() {
        check.deactivate();
    }

    @Test
    void databaseFileIsUp() throws Exception {
        CheckResult r = run(check, Duration.ofSeconds(3), "url", url, "query", "SELECT count(*) FROM jobs");
        assertEquals(HealthStatus.UP, r.status(), r.message());
        assertTrue(r.message().startsWith(url + " answered \"SELECT count(*) FROM jobs\" with 2 in "), r.message());
        assertEquals(HealthStatus.UP, run(check, Duration.ofSeconds(3), "url", url).status(), "default query SELECT 1");
    }

    @Test
    void queryOnAMissingTableIsDown() throws Exception {
        CheckResult r = run(check, Duration.ofSeconds(3), "url", url, "query", "SELECT count(*) FROM invoices");
        assertEquals(HealthStatus.DOWN, r.status(), r.message());
        assertTrue(r.message().startsWith("query \"SELECT count(*) FROM invoices\" failed on " + url + ": "), r.message());
        assertTrue(r.message().contains("no such table: invoices"), r.message());
    }

    @Test
    void missingDatabaseFileIsDownAndNotCreated() throws Exception {
        Path missing = dir.resolve("gone.db");
        CheckResult r = run(check, Duration.ofSeconds(3), "url", "jdbc:sqlite:" + missing);
        assertEquals(HealthStatus.DOWN, r.status(), r.message());
        assertTrue(r.message().startsWith("cannot connect to jdbc:sqlite:" + missing + ": "), r.message());
        assertFalse(Files.exists(missing), "the check created the database file");
    }
}
