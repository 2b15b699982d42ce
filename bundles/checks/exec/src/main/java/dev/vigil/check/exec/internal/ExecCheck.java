package dev.vigil.check.exec.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.Parameters;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;

/**
 * {@code exec}: runs a program (an argv array, never a shell) and reads its answer by the
 * Nagios plugin convention, so every existing plugin (check_http, check_disk, ...) works
 * as a Vigil check. The wait is asynchronous; a program past the timeout is killed with
 * its children.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=exec")
public final class ExecCheck implements CheckType {
    private static final int MAX_OUTPUT = 16 * 1024;

    @Override
    public String type() {
        return "exec";
    }

    @Override
    public String describe() {
        return "command (argv array), cwd; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; perfdata after | becomes metrics";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        Parameters p = request.parameters();
        List<String> argv = ExecParameters.command(p);
        p.string("cwd").filter(cwd -> !new File(cwd).isDirectory()).ifPresent(cwd -> {
            throw new IllegalArgumentException("parameter \"cwd\": " + cwd + " is not a folder");
        });
        long start = System.nanoTime();
        Path output;
        try {
            output = Files.createTempFile("vigil-exec-", ".out");
        } catch (IOException e) {
            return CompletableFuture.completedFuture(result(HealthStatus.UNKNOWN, "cannot run " + argv.get(0)
                    + ": no temporary file for its output: " + e.getMessage(), start, java.util.Map.of()));
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            p.string("cwd").ifPresent(cwd -> builder.directory(new File(cwd)));
            builder.environment().put("VIGIL_SERVICE", request.service());
            process = builder.start();
        } catch (IOException e) {
            deleteQuietly(output);
            return CompletableFuture.completedFuture(result(HealthStatus.UNKNOWN, "cannot run " + argv.get(0) + ": "
                    + e.getMessage(), start, java.util.Map.of()));
        }
        return process.onExit().orTimeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((done, error) -> {
                    try {
                        if (error != null) {
                            process.descendants().forEach(ProcessHandle::destroyForcibly);
                            process.destroyForcibly();
                            return result(HealthStatus.DOWN, argv.get(0) + " gave no answer within "
                                    + request.timeout().toMillis() + " ms; killed", start, java.util.Map.of());
                        }
                        PluginOutput out = PluginOutput.parse(done.exitValue(), read(output));
                        return result(out.status(), out.message(), start, out.metrics());
                    } finally {
                        deleteQuietly(output);
                    }
                });
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A temp file left behind is removed by the system later.
        }
    }

    private static String read(Path output) {
        try {
            byte[] bytes = Files.readAllBytes(output);
            int n = Math.min(bytes.length, MAX_OUTPUT);
            return new String(bytes, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static CheckResult result(HealthStatus status, String message, long start, java.util.Map<String, Double> metrics) {
        return new CheckResult(status, message, Duration.ofNanos(System.nanoTime() - start), Instant.now(), metrics);
    }
}
