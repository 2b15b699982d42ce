package dev.vigil.runtime;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A private copy of the built distribution (runtime/target/vigil), driven through its
 * bin/vigil as a user would. Each test gets its own, so daemons never share data/.
 */
final class Dist implements AutoCloseable {
    /** What one command printed and returned. */
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    final Path home;
    /** Environment for every {@code bin/vigil} this runs, over the test's own (VIGIL_JAVA_OPTS reaches the daemon too). */
    final Map<String, String> env = new HashMap<>();

    Dist(Path parent) throws IOException {
        Path source = Path.of(System.getProperty("vigil.dist", "target/vigil"));
        if (!Files.isExecutable(source.resolve("bin/vigil"))) {
            throw new IllegalStateException("no distribution at " + source + "; run mvn package first");
        }
        home = parent.resolve("vigil");
        copy(source, home);
    }

    Result vigil(String... args) {
        return run(Duration.ofSeconds(120), args);
    }

    Result run(Duration timeout, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(home.resolve("bin/vigil").toString());
        argv.addAll(Arrays.asList(args));
        try {
            Path out = Files.createTempFile("vigil-out", ".txt");
            Path err = Files.createTempFile("vigil-err", ".txt");
            ProcessBuilder b = new ProcessBuilder(argv).directory(home.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            b.environment().putAll(env);
            Process p = b.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("vigil " + String.join(" ", args) + " did not finish within " + timeout);
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Path writeConfig(String name, String json) throws IOException {
        Path file = home.resolve("config").resolve(name);
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    /** The services of the tests that change Vigil's own parts under them: one HTTP demo, two sleepers. */
    static final List<String> THREE_SERVICES = List.of("web", "worker", "cache");

    /** Writes config/three.json with {@link #THREE_SERVICES}. */
    Path writeThreeServices() throws IOException {
        return writeConfig("three.json", "{\"services\": {" + demoService("web", freePort(), "")
                + ", \"worker\": {\"command\": [\"sleep\", \"600\"]}, \"cache\": {\"command\": [\"sleep\", \"601\"]}}}");
    }

    /** A service entry running the demo HTTP service shipped in the distribution. */
    static String demoService(String name, int port, String extra) {
        return "\"" + name + "\": {\"command\": [\"${vigil.java}\", \"-XX:+UseSerialGC\", \"-Xmx16m\","
                + " \"-XX:TieredStopAtLevel=1\", \"-cp\", \"${vigil.home}/lib/vigil-runtime.jar\","
                + " \"dev.vigil.demo.DemoService\", \"" + name + "\", \"${port.http}\"],"
                + " \"ports\": {\"http\": " + port + "}, \"stopTimeout\": \"3s\"" + (extra.isEmpty() ? "" : ", " + extra)
                + "}";
    }

    Long daemonPid() {
        try {
            return Long.parseLong(Files.readString(home.resolve("data/vigil.pid")).trim());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        Long pid = daemonPid();
        vigil("stop");
        if (pid != null) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A bundle Maven resolved from Central as a test dependency of runtime/pom.xml. */
    static Path testBundle(String artifact) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains(artifact + "-") || p.contains(artifact + "/")).map(Path::of).findFirst()
                .orElseThrow(() -> new IllegalStateException(artifact + " is not on the test class path;"
                        + " it is a test dependency of runtime/pom.xml"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A process's argv joined by spaces, or "" when it has gone. */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Reads until {@code condition} holds on what was read, and returns that; a timeout says what was read last. */
    static <T> T awaitValue(Duration timeout, String what, Supplier<T> read, Predicate<T> condition)
            throws InterruptedException {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            await(timeout, what, () -> {
                last.set(read.get());
                return condition.test(last.get());
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last read: " + last.get(), e);
        }
        return last.get();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(dir);
                if (rel.startsWith("data") && rel.getNameCount() > 1 || rel.startsWith("logs") && rel.getNameCount() > 1) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(rel.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path rel = from.relativize(file);
                if (!rel.startsWith("data") && !rel.startsWith("logs") || rel.toString().endsWith("README.txt")) {
                    Files.copy(file, to.resolve(rel.toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
