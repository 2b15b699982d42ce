package dev.vigil.check.jdbc.internal;

import java.time.Duration;
import java.util.Properties;

/**
 * Connection properties for a check. JDBC has no standard way to bound a connection attempt
 * (DataSource.setLoginTimeout goes through DriverManager in pgjdbc), so the drivers Vigil ships
 * get theirs by name; properties written in the URL take precedence.
 */
final class DriverProperties {

    private DriverProperties() {
    }

    static Properties of(String url, String user, String password, Duration timeout) {
        Properties p = new Properties();
        String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
        if (url.startsWith("jdbc:postgresql:")) {
            // Seconds. No loginTimeout: pgjdbc would start a thread per attempt for it.
            p.setProperty("connectTimeout", seconds);
            p.setProperty("socketTimeout", Long.toString(Long.parseLong(seconds) + 1));
            p.setProperty("cancelSignalTimeout", seconds);
            p.setProperty("ApplicationName", "vigil health check");
        } else if (url.startsWith("jdbc:sqlite:")) {
            // Read-write without create: a missing database file is DOWN, not made anew and empty.
            p.setProperty("open_mode", "2");
        }
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }
}
