package dev.vigil.supervisor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
    @TempDir
    Path dir;

    private static StateFile.Entry entry(long pid) {
        return new StateFile.Entry(pid, 42, "boot", 1000, List.of("sleep", "9"), "digest", Map.of("http", 8000), 1, null);
    }

    @Test
    void whatIsPutIsWhatTheNextDaemonLoads() {
        Path file = dir.resolve("services.json");
        StateFile first = new StateFile(file, "here");
        first.put("api", entry(10));
        first.put("db", entry(11));
        first.remove("db");
        assertEquals(Map.of("api", entry(10)), new StateFile(file, "here").load());
        assertEquals(Map.of(), new StateFile(file, "another installation").load());
    }

    @Test
    void aFailedSaveIsReportedAndLeavesTheOldFileWhole() throws Exception {
        Path file = dir.resolve("services.json");
        StateFile state = new StateFile(file, "here");
        state.put("api", entry(10));
        String before = Files.readString(file);
        // A directory where the temp file goes makes every save fail, as a full disk would.
        Path temp = dir.resolve(".services.json.tmp");
        Files.createDirectories(temp.resolve("blocker"));
        state.put("db", entry(11));
        assertNotNull(state.failure());
        assertTrue(state.failure().contains("cannot save " + file), state.failure());
        assertEquals(before, Files.readString(file));
        Files.delete(temp.resolve("blocker"));
        Files.delete(temp);
        state.put("web", entry(12));
        assertNull(state.failure());
        assertEquals(3, new StateFile(file, "here").load().size());
    }

    @Test
    void aTornFileGivesNothingToAdoptAndStaleTempFilesGo() throws Exception {
        Path file = dir.resolve("services.json");
        Files.writeString(file, "{\"installation\": \"here\", \"services\": {\"api\": {\"pid\": 1");
        Files.writeString(dir.resolve(".services.json.tmp"), "half");
        assertEquals(Map.of(), new StateFile(file, "here").load());
        assertFalse(Files.exists(dir.resolve(".services.json.tmp")));
    }
}
