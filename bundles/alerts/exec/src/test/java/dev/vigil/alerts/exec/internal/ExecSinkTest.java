package dev.vigil.alerts.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vigil.api.alert.Alert;
import dev.vigil.api.alert.AlertSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec sink on real processes: what the command is given, and what counts as a failure. */
class ExecSinkTest {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    private static final Alert FIRING = new Alert("trading/db/1796205600000", "trading", "db", Alert.Severity.WARNING,
            Alert.Status.FIRING, "db: recovery by restart failed (UNHEALTHY)", "not healthy within 20000 ms; $(rm -rf /)",
            START, null, Map.of("alertname", "VigilRecoveryFailed", "system", "trading", "service", "db",
                    "severity", "warning", "kind", "RECOVERY_FAILED", "failure", "UNHEALTHY"));

    @TempDir
    Path dir;
    private final ExecSink sink = new ExecSink();

    private AlertSpec spec(Object... extra) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("command", List.of("sh", "-c", "cat > \"$0/stdin.json\"; env > \"$0/env.txt\"", dir.toString()));
        for (int i = 0; i < extra.length; i += 2) {
            p.put((String) extra[i], extra[i + 1]);
        }
        return new AlertSpec("exec", "exec#1", p);
    }

    private Map<String, String> env() throws IOException {
        Map<String, String> out = new java.util.HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("env.txt"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    @Test
    void theCommandGetsTheAlertOnStdinAndInItsEnvironment() throws Exception {
        sink.send(FIRING, spec());

        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("stdin.json"))).getAsJsonObject();
        assertEquals("firing", json.get("status").getAsString());
        assertEquals("trading/db/1796205600000", json.get("incident").getAsString());
        assertEquals("not healthy within 20000 ms; $(rm -rf /)", json.get("description").getAsString());
        assertTrue(json.get("endsAt").isJsonNull());
        assertEquals("UNHEALTHY", json.getAsJsonObject("labels").get("failure").getAsString());
        Map<String, String> env = env();
        assertEquals("firing", env.get("VIGIL_ALERT_STATUS"));
        assertEquals("db", env.get("VIGIL_ALERT_SERVICE"));
        assertEquals("trading", env.get("VIGIL_ALERT_SYSTEM"));
        assertEquals("warning", env.get("VIGIL_ALERT_SEVERITY"));
        assertEquals("db: recovery by restart failed (UNHEALTHY)", env.get("VIGIL_ALERT_SUMMARY"));
        assertEquals("not healthy within 20000 ms; $(rm -rf /)", env.get("VIGIL_ALERT_DESCRIPTION"),
                "no shell ever reads it");
        assertEquals("2026-12-02T10:00:00Z", env.get("VIGIL_ALERT_STARTS_AT"));
        assertEquals("", env.get("VIGIL_ALERT_ENDS_AT"));
        assertEquals("RECOVERY_FAILED", env.get("VIGIL_ALERT_LABEL_KIND"));
        assertEquals("VigilRecoveryFailed", env.get("VIGIL_ALERT_LABEL_ALERTNAME"));

        sink.send(FIRING.resolved(START.plusSeconds(5), "RUNNING and UP (pid 9)"), spec());
        assertEquals("resolved", env().get("VIGIL_ALERT_STATUS"));
        assertEquals("2026-12-02T10:00:05Z", env().get("VIGIL_ALERT_ENDS_AT"));
    }

    @Test
    void aNonZeroExitIsAFailureWithWhatTheCommandSaid() {
        AlertSpec failing = new AlertSpec("exec", "exec#1", Map.of("command",
                List.of("sh", "-c", "echo 'pager: no route to ops' >&2; exit 3")));
        IOException e = assertThrows(IOException.class, () -> sink.send(FIRING, failing));
        assertEquals("sh exited with 3: pager: no route to ops", e.getMessage());
    }

    @Test
    void aProgramThatDoesNotExistIsAFailureNamingIt() {
        AlertSpec missing = new AlertSpec("exec", "exec#1", Map.of("command", List.of(dir.resolve("no-pager").toString())));
        IOException e = assertThrows(IOException.class, () -> sink.send(FIRING, missing));
        assertTrue(e.getMessage().startsWith("could not run " + dir.resolve("no-pager") + ": "), e.getMessage());
    }

    @Test
    void aCommandStillRunningAtItsTimeoutIsKilledWithItsChildren() throws Exception {
        Path pid = dir.resolve("child.pid");
        AlertSpec slow = new AlertSpec("exec", "exec#1", Map.of("timeout", "500ms", "command",
                List.of("sh", "-c", "sleep 60 & echo $! > \"$0\"; wait", pid.toString())));

        IOException e = assertThrows(IOException.class, () -> sink.send(FIRING, slow));

        assertEquals("sh did not exit within 500 ms; killed it", e.getMessage());
        long child = Long.parseLong(Files.readString(pid).trim());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "the child " + child + " of the killed command still runs");
            Thread.sleep(20);
        }
    }
}
