package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Vigil as a systemd unit: the shipped unit file, and the sd_notify protocol of the daemon. */
class SystemdIT extends DaemonIT {
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @Test
    void shippedUnitPassesSystemdAnalyzeVerify() throws Exception {
        assertTrue(Files.isExecutable(ANALYZE), "systemd-analyze is missing: apt-get install systemd (.ci/run does)");
        String unit = Files.readString(dist.home.resolve("vigil.service"));
        assertTrue(unit.contains("Type=notify") && unit.contains("KillMode=process") && unit.contains("WatchdogSec="),
                unit);
        Path dir = Files.createDirectories(tmp.resolve("units"));
        Path file = dir.resolve("vigil.service");
        Files.writeString(file, unit.replace("/opt/vigil", dist.home.toString()));
        Process p = new ProcessBuilder(ANALYZE.toString(), "verify", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze verify did not finish");
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("vigil.service"), "systemd-analyze has something to say about the unit:\n" + out);
    }

    @Test
    void foregroundDaemonNotifiesReadyFeedsTheWatchdogAndSaysStopping() throws Exception {
        Path config = dist.writeConfig("one.json", "{\"services\": {" + Dist.demoService("web", Dist.freePort(), "")
                + "}}");
        Path socketPath = tmp.resolve("notify.sock");
        try (NotifySocket systemd = new NotifySocket(socketPath)) {
            ProcessBuilder pb = new ProcessBuilder(dist.home.resolve("bin/vigil").toString(), "run", "-c",
                    config.toString()).directory(dist.home.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(tmp.resolve("run.out").toFile()).redirectErrorStream(true);
            pb.environment().put("NOTIFY_SOCKET", socketPath.toString());
            pb.environment().put("WATCHDOG_USEC", "400000");
            Process daemon = pb.start();
            try {
                String ready = systemd.await(Duration.ofSeconds(60), "READY=1", m -> m.contains("READY=1"));
                // bin/vigil execs java: the process systemd started is the daemon itself.
                assertTrue(ready.contains("MAINPID=" + daemon.pid()), ready);
                Dist.Result status = dist.vigil("status");
                assertTrue(status.code() < 2 && status.out().contains("web "), "ready means launched: " + status.all());
                systemd.await(Duration.ofSeconds(10), "WATCHDOG=1", m -> m.equals("WATCHDOG=1"));

                Dist.Result stop = dist.vigil("stop");
                assertEquals(0, stop.code(), stop.all());
                systemd.await(Duration.ofSeconds(10), "STOPPING=1", m -> m.contains("STOPPING=1"));
                assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon did not exit after vigil stop");
                assertEquals(0, daemon.exitValue(), Files.readString(tmp.resolve("run.out")));
            } finally {
                daemon.destroyForcibly();
            }
        }
    }
}
