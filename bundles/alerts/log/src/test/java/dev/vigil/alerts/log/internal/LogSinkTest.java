package dev.vigil.alerts.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.alert.Alert;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSinkTest {
    @Test
    void oneLineSaysStatusSeverityServiceWhatAndTheLabels() {
        Alert a = new Alert("demo/api/1", "demo", "api", Alert.Severity.CRITICAL, Alert.Status.FIRING,
                "api is FATAL", "exited with code 1\nno strategy could act", Instant.parse("2026-12-02T10:00:00Z"), null,
                Map.of("service", "api", "alertname", "VigilServiceFatal"));

        assertEquals("ALERT FIRING critical api: api is FATAL: exited with code 1 / no strategy could act"
                + " [alertname=VigilServiceFatal, service=api] (incident demo/api/1)", LogSink.line(a));
        assertEquals("ALERT RESOLVED critical api: api is healthy again: RUNNING (pid 3) after 5s"
                + " [alertname=VigilServiceFatal, service=api] (incident demo/api/1)",
                LogSink.line(a.resolved(Instant.parse("2026-12-02T10:00:05Z"), "RUNNING (pid 3) after 5s")));
    }
}
