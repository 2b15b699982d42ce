package dev.vigil.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code vigil shell}: a Gogo session inside the running daemon, with line editing and
 * history (JLine) on this side and every line executed over the socket.
 */
final class InteractiveClient {
    private InteractiveClient() {
    }

    static int run(Path socket, Path history) throws IOException {
        try (RemoteClient client = RemoteClient.connect(socket);
             Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            client.send("shell");
            LineReader reader = LineReaderBuilder.builder().terminal(terminal)
                    .variable(LineReader.HISTORY_FILE, history).build();
            PrintStream out = new PrintStream(terminal.output(), true);
            out.println("Vigil shell (pid " + pid(socket) + "). 'help' lists commands, 'exit' or Ctrl-D leaves.");
            while (true) {
                String line;
                try {
                    line = reader.readLine("vigil> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.trim().equals("exit") || line.trim().equals("quit")) {
                    return 0;
                }
                client.send(line);
                client.relay(out, out);
            }
        }
    }

    private static String pid(Path socket) {
        try {
            return java.nio.file.Files.readString(socket.resolveSibling("vigil.pid")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
