package dev.vigil.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The console of a Vigil shell on a terminal, {@code vigil shell} and {@code vigil run} alike:
 * line editing, history and Tab completion (JLine) on this side, every line run by a Gogo
 * session inside the daemon, over its socket. Errors come back as one line each.
 */
final class InteractiveClient {
    private InteractiveClient() {
    }

    /**
     * Runs the console until Ctrl-D or {@code exit}.
     *
     * @param banner     the first line printed
     * @param keepOnCtrlC ignore Ctrl-C while a command runs, as the daemon runs in this process
     * @return 0
     * @throws java.net.SocketException when no daemon listens on {@code socket}
     */
    static int run(Path socket, Path history, String banner, boolean keepOnCtrlC) throws IOException {
        try (RemoteClient client = RemoteClient.connect(socket);
             Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            if (keepOnCtrlC) {
                terminal.handle(Terminal.Signal.INT, signal -> { });
            }
            if (terminal.getWidth() <= 0) {
                // A terminal that tells no size (script(1) in a pipe, some serial consoles) would
                // leave JLine unable to draw the line at all: assume the classic 80x24.
                terminal.setSize(new Size(80, 24));
            }
            client.send("shell");
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("vigil")
                    .completer(completer(socket))
                    .variable(LineReader.HISTORY_FILE, history).build();
            PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
            out.println(banner);
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

    /** Asks the daemon, at each Tab, for the words that fit where the cursor is. */
    static Completer completer(Path socket) {
        return (reader, parsed, candidates) -> {
            String upToCursor = parsed.line().substring(0, Math.min(parsed.cursor(), parsed.line().length()));
            for (String word : complete(socket, upToCursor)) {
                candidates.add(new Candidate(word));
            }
        };
    }

    /** The daemon's candidates for the word under the cursor, or none when it does not answer. */
    static List<String> complete(Path socket, String upToCursor) {
        try (RemoteClient client = RemoteClient.connect(socket)) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PrintStream sink = new PrintStream(text, true, StandardCharsets.UTF_8);
            if (client.send("complete", upToCursor).relay(sink, sink) != 0) {
                return List.of();
            }
            return text.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
