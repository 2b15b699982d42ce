package dev.vigil.check.jdbc.internal;

import java.sql.Driver;
import java.sql.SQLException;

/** Finds the JDBC driver for a URL among those installed. Implementations are thread-safe. */
interface DriverFinder {

    /**
     * The driver that accepts {@code url}, or null when none installed does.
     *
     * @throws SQLException when a driver could not be asked
     */
    Driver find(String url) throws SQLException;
}
