package dev.vigil.ports.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A separate process listening on 127.0.0.1:port: a port holder that is not this JVM.
 * It is a single-file Java program, so the test needs nothing but the JDK it runs on.
 */
final class ListeningProcess implements AutoCloseable {
    private static final String SOURCE = """
            import java.net.InetAddress;
            import java.net.InetSocketAddress;
            import java.net.ServerSocket;

            public class Listen {
                public static void main(String[] args) throws Exception {
                    try (ServerSocket socket = new ServerSocket()) {
                        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Integer.parseInt(args[0])));
                        System.out.println("ready");
                        System.out.flush();
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }
            }
            """;

    private final Process process;

    private ListeningProcess(Process process) {
        this.process = process;
    }

    /** Starts the listener and returns once it has bound the port. */
    static ListeningProcess start(Path dir, int port) throws Exception {
        Path source = dir.resolve("Listen.java");
        if (!Files.exists(source)) {
            Files.writeString(source, SOURCE);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, source.toString(), Integer.toString(port))
                .redirectErrorStream(true).start();
        ListeningProcess listener = new ListeningProcess(process);
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> untilReady(process));
        try {
            String output = ready.get(60, TimeUnit.SECONDS); // compiling Listen.java takes about a second
            if (output != null) {
                listener.close();
                throw new AssertionError("Listen.java " + port + " did not get ready:\n" + output);
            }
        } catch (TimeoutException e) {
            listener.close();
            throw new AssertionError("Listen.java " + port + " not ready after 60 s");
        }
        return listener;
    }

    /** Null once the program said "ready", else all it printed before it ended. */
    private static String untilReady(Process process) {
        StringBuilder output = new StringBuilder();
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("ready")) {
                    return null;
                }
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            output.append(e);
        }
        return output.toString();
    }

    long pid() {
        return process.pid();
    }

    /** Kills the listener and waits until it is gone, so its port is free again. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
