package dev.vigil.alerts.exec.internal;

import dev.vigil.api.alert.Alert;
import dev.vigil.api.alert.AlertSink;
import dev.vigil.api.alert.AlertSpec;
import dev.vigil.api.check.Parameters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;

/**
 * Runs the sink's {@code command} (an argv array, never through a shell) once per alert,
 * with the alert in its environment ({@code VIGIL_ALERT_*}) and as JSON on its stdin. Exit 0
 * is delivered; another exit, or no exit within {@code timeout} (10s by default, after which
 * it and its children are killed), is a failure the dispatcher retries. Its output is kept
 * (the first 2 KiB) for the failure's message.
 */
@Component(service = AlertSink.class, property = AlertSink.TYPE_PROPERTY + "=exec")
public final class ExecSink implements AlertSink {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int KEPT = 2048;

    @Override
    public String type() {
        return "exec";
    }

    @Override
    public void send(Alert alert, AlertSpec sink) throws IOException, InterruptedException {
        Parameters p = new Parameters(sink.parameters());
        List<String> argv = p.strings("command").orElseThrow(() -> new IllegalArgumentException("no command"));
        Duration timeout = p.duration("timeout").orElse(DEFAULT_TIMEOUT);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(AlertProcess.environment(alert));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("could not run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> keep(process.getInputStream(), output), "vigil-alert-exec-output");
        reader.setDaemon(true);
        reader.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(AlertProcess.json(alert).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // It exited, or closed its stdin, without reading: its exit code says how it went.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IOException(argv.get(0) + " did not exit within " + timeout.toMillis() + " ms; killed it"
                        + said(output));
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        reader.join(1000);
        if (process.exitValue() != 0) {
            throw new IOException(argv.get(0) + " exited with " + process.exitValue() + said(output));
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String said(ByteArrayOutputStream output) {
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8).strip();
        }
        return text.isEmpty() ? "" : ": " + String.join(" / ", text.lines().limit(5).toList());
    }

    private static void keep(InputStream in, ByteArrayOutputStream output) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (output) {
                    output.write(buffer, 0, Math.max(0, Math.min(n, KEPT - output.size())));
                }
            }
        } catch (IOException e) {
            // The process went; what it said so far is kept.
        }
    }
}
