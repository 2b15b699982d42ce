package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.ConfigError;
import dev.vigil.api.SystemConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's start on one config file after another ran: each file falls back only to its
 * own last-known-good copy, and a file that is not there runs nothing at all.
 */
class LastKnownGoodPerFileTest {
    @TempDir
    Path dir;

    /** What one start of the config bundle registered: configs in force, or the error. */
    private record Start(List<SystemConfig> configs, List<ConfigError> errors) {
        SystemConfig inForce() {
            return configs.get(configs.size() - 1);
        }
    }

    private Start start(Path file) throws Exception {
        RecordingFramework framework = new RecordingFramework();
        ConfigPublisher publisher = new ConfigPublisher();
        publisher.activate(framework.context(Map.of("vigil.config", file.toString(),
                "vigil.data", dir.resolve("data").toString())));
        publisher.deactivate();
        return new Start(framework.registered, framework.errors);
    }

    private Path write(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void aMissingFileRunsNothingEvenWithCopiesOfOtherFilesAndOfItself() throws Exception {
        Path shop = write("shop.json", "{\"services\": {\"shop\": {\"command\": [\"shop\"]}}}");
        assertEquals(List.of("shop"), List.copyOf(start(shop).inForce().services().keySet()));
        Path missing = dir.resolve("shpo.json");

        Start typo = start(missing);

        assertEquals(List.of(), typo.configs());
        assertEquals(missing + ": no such file; give an existing config with -c FILE", typo.errors().get(0).message());
        Files.delete(shop);
        Start gone = start(shop);
        assertEquals(List.of(), gone.configs(), "its own copy is not run either: the file is not there");
        assertEquals(shop + ": no such file; give an existing config with -c FILE", gone.errors().get(0).message());
    }

    @Test
    void aBrokenFileRunsItsOwnCopyAndNeverAnotherFiles() throws Exception {
        Path shop = write("shop.json", "{\"services\": {\"shop\": {\"command\": [\"shop\"]}}}");
        Path bank = write("bank.json", "{\"services\": {\"bank\": {\"command\": [\"bank\"]}}}");
        start(shop);
        start(bank);
        Files.writeString(shop, "{\"services\": ");
        Path fresh = write("fresh.json", "{\"services\": ");

        Start fallback = start(shop);
        Start refused = start(fresh);

        assertEquals(List.of("shop"), List.copyOf(fallback.inForce().services().keySet()));
        assertTrue(fallback.inForce().notices().get(0).startsWith("running on the last-known-good copy of " + shop),
                fallback.inForce().notices().toString());
        assertEquals(List.of(), refused.configs());
        assertTrue(refused.errors().get(0).message().startsWith(fresh + ":1:"), refused.errors().get(0).message());
        assertNotEquals(new LastKnownGood(dir.resolve("data"), shop, null).file(),
                new LastKnownGood(dir.resolve("data"), bank, null).file());
    }

    @Test
    void theOneSharedCopyOfEarlierVersionsIsTakenOverOnlyByItsOwnFile() throws Exception {
        Path shop = write("shop.json", "{\"services\": {\"shop\": {\"command\": [\"shop\"]}}}");
        Path config = Files.createDirectories(dir.resolve("data/config"));
        Files.writeString(config.resolve("last-good.json"), "{\"services\": {\"old\": {\"command\": [\"old\"]}}}");
        Files.writeString(config.resolve("last-good.meta.json"), "{\"source\": \"" + shop.toAbsolutePath()
                + "\", \"profile\": \"\", \"savedAt\": \"2024-01-01T00:00:00Z\"}");
        Path other = write("other.json", "{\"services\": ");
        Files.writeString(shop, "{\"services\": ");

        assertEquals(List.of(), start(other).configs(), "another file's shared copy is never run");
        Start adopted = start(shop);

        assertEquals(List.of("old"), List.copyOf(adopted.inForce().services().keySet()));
        assertFalse(Files.exists(config.resolve("last-good.json")));
    }

    @Test
    void tempFilesLeftByAnInterruptedSaveAreRemovedAtStart() throws Exception {
        Path shop = write("shop.json", "{\"services\": {}}");
        Path config = Files.createDirectories(dir.resolve("data/config"));
        Path stale = Files.writeString(config.resolve(".last-good-shop-0123456789ab.json4242.tmp"), "{\"serv");

        start(shop);

        assertFalse(Files.exists(stale));
        try (var files = Files.list(config)) {
            assertEquals(2, files.count(), "the copy and its meta file, nothing else");
        }
    }
}
