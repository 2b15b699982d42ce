package dev.vigil.runtime;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * An end-to-end test on its own copy of the distribution, whose daemon (if one was
 * started) is stopped after each test. Subclasses add their set-up under other names.
 */
abstract class DaemonIT {
    @TempDir
    Path tmp;
    Dist dist;

    @BeforeEach
    void copyDistribution() throws Exception {
        dist = new Dist(tmp);
    }

    @AfterEach
    void stopDaemon() {
        dist.close();
    }
}
