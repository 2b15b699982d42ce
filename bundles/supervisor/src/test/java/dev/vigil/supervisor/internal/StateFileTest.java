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
        first.flush();
        assertEquals(Map.of("api", entry(10)), new StateFile(file, "here").load());
        assertEquals(Map.of(), new StateFile(file, "another installation").load());
    }

    @Test
    void aFailedSaveIsReportedAndLeavesTheOldFileWhole() throws Exception {
        Path file = dir.resolve("services.json");
        StateFile state = new StateFile(file, "here");
        state.put("api", entry(10));
        state.flush();
        String before = Files.readString(file);
        // A directory where the temp file goes makes every save fail, as a full disk would.
        Path temp = dir.resolve(".services.json.tmp");
        Files.createDirectories(temp.resolve("blocker"));
        state.put("db", entry(11));
        state.flush();
        assertNotNull(state.failure());
        assertTrue(state.failure().contains("cannot save " + file), state.failure());
        assertEquals(before, Files.readString(file));
        Files.delete(temp.resolve("blocker"));
        Files.delete(temp);
        state.put("web", entry(12));
        state.flush();
        assertNull(state.failure());
        assertEquals(3, new StateFile(file, "here").load().size());
    }

    @Test
    void aBurstOfChangesEndsOnDiskAsItsLastState() {
        Path file = dir.resolve("services.json");
        StateFile state = new StateFile(file, "here");
        for (int i = 0; i < 200; i++) {
            state.put("svc-" + (i % 20), entry(i));
            if (i % 7 == 0) {
                state.remove("svc-" + (i % 20));
            }
        }
        state.close();
        state.put("after-close", entry(1)); // kept in memory, never saved
        Map<String, StateFile.Entry> loaded = new StateFile(file, "here").load();
        assertEquals(20 - 3, loaded.size(), loaded.keySet().toString()); // 182, 189 and 196 were removed last
        assertEquals(entry(199), loaded.get("svc-19"));
        assertFalse(loaded.containsKey("after-close"));
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
