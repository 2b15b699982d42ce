package dev.vigil.check.jdbc.internal;

import java.sql.Driver;
import java.sql.SQLException;
import java.util.ServiceLoader;

/** The drivers on the test class path, found the way a plain Java program finds them. */
final class ClasspathDrivers implements DriverFinder {

    @Override
    public Driver find(String url) throws SQLException {
        for (Driver driver : ServiceLoader.load(Driver.class)) {
            if (driver.acceptsURL(url)) {
                return driver;
            }
        }
        return null;
    }
}
