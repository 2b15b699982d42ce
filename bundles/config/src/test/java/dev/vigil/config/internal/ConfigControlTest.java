package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.SystemConfig;
import dev.vigil.api.recovery.ConfigControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config bundle as {@link ConfigControl}: a publisher activated on a real file and data
 * folder, with a framework that only records what is registered.
 */
class ConfigControlTest {
    private static final String FILE_CONFIG = """
            {"services": {"api": {"command": ["api", "--v2"]}}}
            """;
    private static final String OLDER_CONFIG = """
            {"services": {"api": {"command": ["api", "--v1"]}, "db": {"command": ["db"]}}}
            """;

    @TempDir
    Path dir;

    private final ConfigPublisher publisher = new ConfigPublisher();
    private final ConfigControl control = publisher;
    private final RecordingFramework framework = new RecordingFramework();
    private final List<SystemConfig> registered = framework.registered;
    private Path file;
    private Path copy;

    @BeforeEach
    void activate() throws Exception {
        file = Files.writeString(dir.resolve("vigil.json"), FILE_CONFIG);
        copy = new LastKnownGood(dir.resolve("data"), file, null).file();
        publisher.activate(framework.context(Map.of("vigil.config", file.toString(), "vigil.data", dir.resolve("data").toString())));
    }

    @AfterEach
    void deactivate() throws Exception {
        publisher.deactivate();
    }

    private SystemConfig inForce() {
        return framework.inForce();
    }

    @Test
    void aConfigThatLoadedIsTheLastKnownGoodAndRestoringItChangesNothing() {
        assertTrue(control.lastKnownGoodInForce());

        String outcome = control.restoreLastKnownGood();

        assertTrue(outcome.startsWith("the last-known-good copy of " + file + " (saved "), outcome);
        assertTrue(outcome.endsWith(") is in force already"), outcome);
        assertEquals(1, registered.size(), "nothing was published again");
    }

    @Test
    void restoringPutsTheCopyInForceLeavesTheFileAloneAndTheFileComesBackOnReload() throws Exception {
        // A copy that differs from what is in force, as one that could not be saved over since.
        Files.writeString(copy, OLDER_CONFIG);
        assertFalse(control.lastKnownGoodInForce());

        String outcome = control.restoreLastKnownGood();

        assertTrue(outcome.startsWith("restored the last-known-good copy of " + file + " (saved "), outcome);
        assertTrue(outcome.endsWith("): 2 services"), outcome);
        assertEquals(List.of("api", "db"), List.copyOf(inForce().services().keySet()));
        assertEquals(List.of("api", "--v1"), inForce().services().get("api").command());
        assertEquals(1, inForce().notices().size(), inForce().notices().toString());
        assertTrue(inForce().notices().get(0).startsWith("running on the last-known-good copy of " + file), inForce().notices().get(0));
        assertEquals(FILE_CONFIG, Files.readString(file));
        assertTrue(control.lastKnownGoodInForce());

        publisher.reload();

        assertEquals(List.of("api", "--v2"), inForce().services().get("api").command());
        assertEquals(List.of(), inForce().notices());
    }

    @Test
    void withoutACopyThereIsNothingToRestore() throws Exception {
        Files.delete(copy);

        assertFalse(control.lastKnownGoodInForce());
        IllegalStateException e = assertThrows(IllegalStateException.class, control::restoreLastKnownGood);
        assertEquals("there is no last-known-good copy of " + file + " (" + copy + " is missing); none was saved,"
                + " or it was removed", e.getMessage());
        assertEquals(1, registered.size());
    }

    @Test
    void anUnusableCopyIsNotRestored() throws Exception {
        Files.writeString(copy, "{\"services\": ");

        assertFalse(control.lastKnownGoodInForce());
        IllegalStateException e = assertThrows(IllegalStateException.class, control::restoreLastKnownGood);
        assertTrue(e.getMessage().startsWith("the last-known-good copy of " + file + " is unusable: " + copy + ":1:14:"),
                e.getMessage());
        assertEquals(List.of("api", "--v2"), inForce().services().get("api").command(), "the running config stays");
    }
}
