package dev.vigil.check.exec.internal;

import dev.vigil.api.HealthStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Nagios plugin's answer: the exit code gives the status (0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN), the first line the message, and the performance data after
 * {@code |} ({@code 'label'=value[unit];warn;crit;min;max ...}) the metrics.
 */
record PluginOutput(HealthStatus status, String message, Map<String, Double> metrics) {
    private static final Pattern PERF = Pattern.compile("('[^']+'|[^\\s=']+)=(-?[0-9.]+)([a-zA-Z%]*)");

    static PluginOutput parse(int exitCode, String output) {
        HealthStatus status = switch (exitCode) {
            case 0 -> HealthStatus.UP;
            case 1 -> HealthStatus.DEGRADED;
            case 2 -> HealthStatus.DOWN;
            default -> HealthStatus.UNKNOWN;
        };
        String first = output.lines().findFirst().orElse("").trim();
        String text = first;
        Map<String, Double> metrics = new LinkedHashMap<>();
        int bar = first.indexOf('|');
        if (bar >= 0) {
            text = first.substring(0, bar).trim();
            Matcher m = PERF.matcher(first.substring(bar + 1));
            while (m.find()) {
                try {
                    metrics.put(label(m.group(1), m.group(3)), Double.parseDouble(m.group(2)));
                } catch (NumberFormatException e) {
                    // A value like "1.2.3" is not a figure; skip it.
                }
            }
        }
        if (text.isEmpty()) {
            text = "exit " + exitCode + " with no output";
        }
        if (exitCode < 0 || exitCode > 3) {
            text = "exit " + exitCode + " is not a plugin status (0-3): " + text;
        }
        return new PluginOutput(status, text, metrics);
    }

    private static String label(String raw, String unit) {
        String name = raw.startsWith("'") ? raw.substring(1, raw.length() - 1) : raw;
        return unit.isEmpty() ? name : name + "_" + (unit.equals("%") ? "percent" : unit);
    }
}
