package dev.vigil.alerts.log.internal;

import dev.vigil.api.alert.Alert;
import dev.vigil.api.alert.AlertSink;
import dev.vigil.api.alert.AlertSpec;
import java.util.Map;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink that is always on: one line in the daemon's log per alert and per resolution,
 * an error while it fires, a warning when it is resolved, so that {@code logs/vigil.log}
 * tells every incident even with no sink configured.
 */
@Component(service = AlertSink.class, property = AlertSink.TYPE_PROPERTY + "=log")
public final class LogSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger("dev.vigil.alerts");

    @Override
    public String type() {
        return "log";
    }

    @Override
    public void send(Alert alert, AlertSpec sink) {
        if (alert.status() == Alert.Status.FIRING) {
            LOG.error("{}", line(alert));
        } else {
            LOG.warn("{}", line(alert));
        }
    }

    /** {@code ALERT FIRING critical api: api is FATAL...: why [alertname=..., ...] (incident ...)} */
    static String line(Alert a) {
        return "ALERT " + a.status().name() + " " + a.severity().label() + " " + a.service() + ": " + a.summary() + ": "
                + oneLine(a.description()) + " " + labels(a.labels()) + " (incident " + a.incident() + ")";
    }

    private static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String oneLine(String text) {
        return String.join(" / ", text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
    }
}
