package dev.vigil.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.LogPolicy;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's output through a real FIFO, as a service writes it. */
class LogSinkTest {
    @TempDir
    Path dir;

    @Test
    void outputRotatesAtTheCapKeepingTheNewest() throws Exception {
        LogSink sink = new LogSink(dir.resolve("pipes/api.out"), dir.resolve("logs/api.log"), new LogPolicy(4096, 2));
        try (FileOutputStream writer = new FileOutputStream(sink.fifo().toFile())) {
            for (int i = 0; i < 400; i++) {
                writer.write(String.format("line %04d of the service's output\n", i).getBytes(StandardCharsets.UTF_8));
                if (i % 50 == 0) {
                    sink.drain();
                }
            }
        }
        sink.drain();
        assertTrue(Files.size(dir.resolve("logs/api.log")) <= 4096);
        assertEquals(4096, Files.size(dir.resolve("logs/api.log.1")));
        assertEquals(4096, Files.size(dir.resolve("logs/api.log.2")));
        assertFalse(Files.exists(dir.resolve("logs/api.log.3")));
        String all = Files.readString(dir.resolve("logs/api.log.2")) + Files.readString(dir.resolve("logs/api.log.1"))
                + Files.readString(dir.resolve("logs/api.log"));
        assertTrue(all.endsWith("line 0399 of the service's output\n"), all);
        assertTrue(sink.recent().contains("line 0399"));
        sink.close(true);
        assertFalse(Files.exists(sink.fifo()));
    }

    @Test
    void theRecentOutputIsTheLastEightKibibytesWhateverTheChunks() throws Exception {
        LogSink sink = new LogSink(dir.resolve("pipes/web.out"), dir.resolve("logs/web.log"), LogPolicy.DEFAULT);
        assertEquals("", sink.recent(), "nothing said, nothing kept");
        StringBuilder said = new StringBuilder();
        try (FileOutputStream writer = new FileOutputStream(sink.fifo().toFile())) {
            for (int i = 0; i < 1200; i++) {
                String line = "l" + i + "x".repeat(i % 37) + "\n";
                said.append(line);
                writer.write(line.getBytes(StandardCharsets.UTF_8));
                if (i % 3 == 0 || i == 10) {
                    sink.drain();
                    String all = said.toString();
                    assertEquals(all.substring(Math.max(0, all.length() - 8192)), sink.recent(), "after line " + i);
                }
            }
        }
        sink.drain();
        String all = said.toString();
        assertTrue(all.length() > 8192 * 2, "the output passed the bound");
        assertEquals(all.substring(all.length() - 8192), sink.recent());
        sink.mark();
        assertEquals("", sink.recent(), "a new launch starts afresh");
        sink.close(true);
    }

    @Test
    void theNextSinkOnThePipeReadsWhatWasWrittenMeanwhile() throws Exception {
        Path fifo = dir.resolve("pipes/db.out");
        LogSink first = new LogSink(fifo, dir.resolve("logs/db.log"), LogPolicy.DEFAULT);
        first.close(false);
        // No reader now, as while no daemon runs: a writer holding the pipe read-write is not refused.
        try (java.io.RandomAccessFile writer = new java.io.RandomAccessFile(fifo.toFile(), "rw")) {
            writer.write("written while no daemon ran\n".getBytes(StandardCharsets.UTF_8));
            LogSink next = new LogSink(fifo, dir.resolve("logs/db.log"), LogPolicy.DEFAULT);
            next.drain();
            assertEquals("written while no daemon ran\n", Files.readString(dir.resolve("logs/db.log")));
            next.close(true);
        }
    }
}
