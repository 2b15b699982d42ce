package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong {@code -c} or check-config argument that is not a config file at all is refused
 * by what it is, before anything is read: no hang on a FIFO, no heap filled by a device.
 */
class ConfigFileTest {
    /** Far more than refusing takes; only there so that a regression fails instead of hanging the build. */
    private static final Duration GUARD = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static String refusal(Path file) {
        return assertThrows(ConfigException.class, () -> ConfigCorpusTest.reader().load(file, null)).getMessage();
    }

    @Test
    void aDirectoryIsRefusedWithTheFileToGiveInstead() {
        assertEquals(dir + ": is a directory, not a config file; give the file inside it, e.g. "
                + dir.resolve("vigil.json"), refusal(dir));
    }

    @Test
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("vigil.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());

        String message = assertTimeoutPreemptively(GUARD, () -> refusal(fifo));

        assertEquals(fifo + ": is a FIFO (named pipe), not a regular file; a config is a JSON file, give its path", message);
    }

    @Test
    void aDeviceIsRefusedWithoutReadingIt() {
        String message = assertTimeoutPreemptively(GUARD, () -> refusal(Path.of("/dev/zero")));

        assertEquals("/dev/zero: is a character device, not a regular file; a config is a JSON file, give its path",
                message);
    }

    @Test
    void aMissingFileSaysSo() {
        Path missing = dir.resolve("missing.json");
        assertEquals(missing + ": no such file; give an existing config with -c FILE", refusal(missing));
    }

    @Test
    void checkConfigAndHealRefuseAFifoAndADeviceToo() throws Exception {
        Path fifo = dir.resolve("pipe.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        for (String[] args : new String[][] {{fifo.toString()}, {fifo.toString(), "--heal"}, {"/dev/zero", "--heal"},
                {dir.toString(), "--heal"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            int code = assertTimeoutPreemptively(GUARD, () -> CheckConfigTool.run(args, Path.of("/opt/vigil"),
                    Path.of("java"), name -> null, print, print));
            assertEquals(1, code, String.join(" ", args));
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(args[0] + ": is a"), out.toString());
        }
        assertTrue(Files.exists(fifo));
    }
}
