package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tcp and exec check types end to end: a real service checked by a connection to its
 * port and by a Nagios plugin (check_tcp of monitoring-plugins-basic, which .ci/run installs).
 */
class HealthExecTcpIT {
    private static final Path CHECK_TCP = Path.of("/usr/lib/nagios/plugins/check_tcp");

    @TempDir
    Path tmp;
    Dist dist;
    HealthCli cli;

    @BeforeEach
    void copyDistribution() throws Exception {
        assumeTrue(Files.isExecutable(CHECK_TCP), CHECK_TCP + " is not installed (apt-get install monitoring-plugins-basic)");
        dist = new Dist(tmp);
        cli = new HealthCli(dist);
    }

    @AfterEach
    void stopDaemon() {
        if (dist != null) {
            dist.close();
        }
    }

    @Test
    void tcpAndExecChecksOfARealServiceAreUp() throws Exception {
        int port = Dist.freePort();
        int closed = Dist.freePort();
        Path config = dist.writeConfig("exec.json", "{\"defaults\": {\"check\": {\"interval\": \"300ms\", \"timeout\": \"2s\"}},"
                + " \"services\": {" + Dist.demoService("web", port, "\"checks\": ["
                + "{\"type\": \"tcp\", \"port\": \"${port.http}\", \"interval\": \"200ms\", \"timeout\": \"300ms\"},"
                + "{\"type\": \"exec\", \"name\": \"check_tcp\","
                + " \"command\": [\"" + CHECK_TCP + "\", \"-H\", \"127.0.0.1\", \"-p\", \"${port.http}\"]},"
                + "{\"type\": \"exec\", \"name\": \"nobody\", \"critical\": false, \"failureThreshold\": 1,"
                + " \"command\": [\"" + CHECK_TCP + "\", \"-H\", \"127.0.0.1\", \"-p\", \"" + closed + "\"]}]") + "}}");
        Dist.Result start = dist.vigil("start", "-c", config.toString());
        assertEquals(0, start.code(), start.all());

        Dist.await(Duration.ofSeconds(15), "tcp and exec checks UP", () -> cli.check("web", "tcp").status().equals("UP")
                && cli.check("web", "check_tcp").status().equals("UP"));
        String detail = cli.ctl("vigil:health", "web");
        System.out.println("HealthExecTcpIT: vigil:health web\n" + detail);
        HealthCli.Check tcp = cli.check("web", "tcp");
        assertTrue(tcp.lastResult().contains("connected to 127.0.0.1:" + port), tcp.toString());
        HealthCli.Check exec = cli.check("web", "check_tcp");
        assertTrue(exec.lastResult().contains("TCP OK") && exec.lastResult().contains("port " + port), exec.toString());
        assertFalse(exec.lastResult().contains("|"), "perf data is kept out of the message: " + exec);

        // A plugin's CRITICAL (exit 2) is a failure; non-critical, it only degrades the service.
        HealthCli.Check nobody = cli.check("web", "nobody");
        assertEquals("DOWN", nobody.status(), nobody.toString());
        assertTrue(nobody.lastResult().contains("DOWN"), nobody.toString());
        assertTrue(detail.contains("nobody [exec, non-critical]: DOWN"), detail);
        StatusJson status = StatusJson.of(dist);
        assertEquals("DEGRADED", status.service("web").get("health").getAsString(), status.toString());
        assertTrue(status.service("web").get("healthCause").getAsString().startsWith("check nobody: "), status.toString());
        assertEquals(1, status.code, status.toString());
    }
}
