package dev.vigil.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A process that is not Vigil's, listening on a port: the demo HTTP service run by hand
 * from the distribution's jar, as a user's stray server would be.
 */
final class ForeignListener implements AutoCloseable {
    final Process process;
    final int port;

    private ForeignListener(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ForeignListener start(Path home, int port) throws IOException, InterruptedException {
        return start(home, "squatter", port, java.util.Map.of());
    }

    /** The demo service under {@code name} with more environment, such as a marker copied from a service's. */
    static ForeignListener start(Path home, String name, int port, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder b = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx16m", "-XX:TieredStopAtLevel=1",
                "-cp", home.resolve("lib/vigil-runtime.jar").toString(), "dev.vigil.demo.DemoService",
                name, Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        b.environment().keySet().removeIf(k -> k.startsWith("VIGIL_"));
        b.environment().putAll(env);
        Process p = b.start();
        ForeignListener listener = new ForeignListener(p, port);
        try {
            Dist.await(Duration.ofSeconds(10), "the foreign listener on " + port,
                    () -> !p.isAlive() || Dist.answers(port));
        } catch (AssertionError e) {
            listener.close();
            throw e;
        }
        if (!p.isAlive()) {
            throw new IllegalStateException("the foreign listener on " + port + " exited with " + p.exitValue());
        }
        return listener;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
