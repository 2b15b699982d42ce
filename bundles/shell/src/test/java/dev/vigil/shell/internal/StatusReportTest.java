package dev.vigil.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.SystemStatus;
import dev.vigil.api.status.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `vigil status` prints and the exit code it returns. */
class StatusReportTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private static ServiceStatus running(String name, long pid, Duration up) {
        return new ServiceStatus(name, ServiceState.RUNNING, pid, NOW.minus(up), 0, null, "started pid " + pid,
                "file:/etc/vigil/vigil.json", Map.of("http", 8000));
    }

    private static ServiceStatus down(String name, ServiceState state, int restarts, Integer lastExit, String message) {
        return new ServiceStatus(name, state, -1, null, restarts, lastExit, message, "file:/etc/vigil/vigil.json",
                Map.of());
    }

    /** A status as the status service hands it over; the verdict is its, not the report's. */
    private static StatusReport report(Verdict verdict, ServiceStatus... services) {
        List<ServiceEntry> entries = Arrays.stream(services).map(s -> new ServiceEntry(s, null, null, null, verdict))
                .toList();
        return new StatusReport(new SystemStatus(verdict, NOW, entries, List.of(), null), null);
    }

    private static StatusReport report(ServiceStatus... services) {
        return report(Verdict.PASS, services);
    }

    @Test
    void theExitCodeAndVerdictAreTheStatusServices() {
        assertEquals(0, report(Verdict.PASS).exitCode());
        assertEquals("pass", report(Verdict.PASS).verdict());
        assertEquals(1, report(Verdict.WARN, down("db", ServiceState.STOPPED, 0, null, "stopped")).exitCode());
        assertEquals("warn", report(Verdict.WARN).verdict());
        assertEquals(2, report(Verdict.FAIL).exitCode());
        assertEquals("fail", report(Verdict.FAIL).verdict());
    }

    @Test
    void tableHasAHeaderAndOneRowPerServiceInOrder() {
        String table = report(running("market-data-feed", 4242, Duration.ofSeconds(75)),
                down("db", ServiceState.BACKOFF, 2, 1, "exited with code 1; restart in 2000 ms")).table();

        List<String> lines = table.lines().toList();
        assertEquals(3, lines.size(), table);
        assertEquals(List.of("SERVICE", "STATE", "PID", "UPTIME", "RESTARTS", "PORTS", "INFO"),
                List.of(lines.get(0).trim().split("\\s+")));
        assertEquals(List.of("market-data-feed", "RUNNING", "4242", "1m15s", "0", "http=8000", "started", "pid", "4242"),
                List.of(lines.get(1).trim().split("\\s+")));
        assertEquals(List.of("db", "BACKOFF", "-", "-", "2", "-", "exited", "with", "code", "1;", "restart", "in", "2000", "ms"),
                List.of(lines.get(2).trim().split("\\s+")));
    }

    @Test
    void tableColumnsLineUpWhateverTheNameLength() {
        List<String> lines = report(running("a", 1, Duration.ofSeconds(3)),
                running("a-much-longer-name", 22, Duration.ofSeconds(4))).table().lines().toList();
        int stateColumn = lines.get(0).indexOf("STATE");
        for (String line : lines.subList(1, lines.size())) {
            assertEquals(stateColumn, line.indexOf("RUNNING"), line);
        }
    }

    @Test
    void tableSaysWhenNothingIsConfigured() {
        assertTrue(report().table().endsWith("(no services configured)\n"), report().table());
    }

    @Test
    void uptimeShowsTheTwoLargestUnits() {
        assertEquals("0s", StatusReport.uptime(Duration.ZERO));
        assertEquals("59s", StatusReport.uptime(Duration.ofSeconds(59)));
        assertEquals("1m0s", StatusReport.uptime(Duration.ofSeconds(60)));
        assertEquals("59m59s", StatusReport.uptime(Duration.ofSeconds(3599)));
        assertEquals("1h0m", StatusReport.uptime(Duration.ofHours(1)));
        assertEquals("23h59m", StatusReport.uptime(Duration.ofSeconds(86_399)));
        assertEquals("1d0h", StatusReport.uptime(Duration.ofDays(1)));
        assertEquals("400d5h", StatusReport.uptime(Duration.ofDays(400).plusHours(5).plusMinutes(59)));
    }

    @Test
    void uptimeOfAClockThatWentBackIsZero() {
        assertEquals("0s", StatusReport.uptime(Duration.ofSeconds(-5)));
    }
}
