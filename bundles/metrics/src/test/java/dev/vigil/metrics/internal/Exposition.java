package dev.vigil.metrics.internal;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Snapshots written in the Prometheus text format by the client library, and read back into
 * samples (name, labels, value) for the tests to look up; {@link #promtool} runs Prometheus's
 * own checker on it.
 */
final class Exposition {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    final String text;
    final List<Sample> samples = new ArrayList<>();

    Exposition(List<MetricSnapshot> snapshots) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(snapshots));
        text = out.toString(StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                samples.add(parse(line));
            }
        }
    }

    /** The value of the one sample with that name and exactly these labels (name, value, ...). */
    double value(String name, String... labels) {
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        return samples.stream().filter(s -> s.name.equals(name) && s.labels.equals(want)).mapToDouble(Sample::value)
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + name + want + " in:\n" + text));
    }

    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name.equals(name)).toList();
    }

    /** What {@code promtool check metrics} says of the text (empty when it has no complaint), or null without promtool. */
    String promtool() throws IOException, InterruptedException {
        Path tool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(tool)) {
            return null;
        }
        Process p = new ProcessBuilder(tool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool did not finish");
        }
        return p.exitValue() == 0 ? said.trim() : "exit " + p.exitValue() + ": " + said;
    }

    private static Sample parse(String line) {
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        Map<String, String> labels = new TreeMap<>();
        String name;
        if (brace < 0 || brace > space) {
            name = line.substring(0, space);
        } else {
            name = line.substring(0, brace);
            String body = line.substring(brace + 1, line.lastIndexOf('}'));
            int i = 0;
            while (i < body.length()) {
                int eq = body.indexOf('=', i);
                String key = body.substring(i, eq);
                StringBuilder v = new StringBuilder();
                int j = eq + 2; // past ="
                while (body.charAt(j) != '"') {
                    char c = body.charAt(j);
                    if (c == '\\') {
                        char n = body.charAt(++j);
                        v.append(n == 'n' ? '\n' : n);
                    } else {
                        v.append(c);
                    }
                    j++;
                }
                labels.put(key, v.toString());
                i = j + 1;
                if (i < body.length() && body.charAt(i) == ',') {
                    i++;
                }
            }
        }
        String v = line.substring(space + 1);
        double value = switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
        return new Sample(name, labels, value);
    }
}
