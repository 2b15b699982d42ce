package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.SystemConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil:scale}'s overrides: kept in the data folder, read at start, dropped when the file changes them. */
class ScaleOverridesTest {
    private static final String WEB = """
            {"services": {
              "web": {"command": ["web", "${port.http}"], "instances": 3,
                      "ports": {"http": {"preferred": 8000, "range": "8000-8005"}}},
              "db": {"command": ["db"]}
            }}
            """;

    @TempDir
    Path dir;

    private final List<ConfigPublisher> running = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private RecordingFramework framework;

    private Path data() {
        return dir.resolve("data");
    }

    private Path overrideFile() {
        return data().resolve("config").resolve("scaled.json");
    }

    /** A daemon's config bundle started on {@code json}, as after a restart when one ran before. */
    private ConfigPublisher start(String json) throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.json"), json);
        framework = new RecordingFramework();
        ConfigPublisher publisher = new ConfigPublisher();
        publisher.activate(framework.context(Map.of("vigil.config", file.toString(), "vigil.data", data().toString())));
        running.add(publisher);
        return publisher;
    }

    private List<String> names() {
        return List.copyOf(framework.inForce().services().keySet());
    }

    @AfterEach
    void stop() throws Exception {
        for (ConfigPublisher p : running) {
            p.deactivate();
        }
    }

    @Test
    void scalingAddsCopiesAndLeavesTheOthersAsTheyWere() throws Exception {
        ConfigPublisher publisher = start(WEB);
        SystemConfig three = framework.inForce();

        ConfigPublisher.Scaled s = publisher.scale("web", 5);

        assertEquals(new ConfigPublisher.Scaled(3, 5, 3), s);
        assertEquals("web: 3 -> 5 copies (web#4, web#5 started); config says 3", ScaleCommands.report("web", s));
        assertEquals(List.of("web#1", "web#2", "web#3", "web#4", "web#5", "db"), names());
        for (String kept : List.of("web#1", "web#2", "web#3", "db")) {
            assertEquals(three.services().get(kept), framework.inForce().services().get(kept), kept);
        }
        assertEquals(Map.of("web", new ScaleOverrides.Scale(5, 3)), publisher.scales());
    }

    @Test
    void removingStopsTheHighestNumbersAndBackToTheConfigForgetsTheOverride() throws Exception {
        ConfigPublisher publisher = start(WEB);
        publisher.scale("web", 5);

        ConfigPublisher.Scaled s = publisher.scale("web", 3);

        assertEquals("web: 5 -> 3 copies (web#5, web#4 stopped); as the config says", ScaleCommands.report("web", s));
        assertEquals(Map.of(), publisher.scales());
        assertFalse(Files.exists(overrideFile()));
    }

    @Test
    void theOverrideOutlivesTheDaemonUntilTheFileChangesTheInstances() throws Exception {
        start(WEB).scale("web", 5);
        running.remove(0).deactivate();

        ConfigPublisher again = start(WEB);
        assertEquals(List.of("web#1", "web#2", "web#3", "web#4", "web#5", "db"), names());

        Files.writeString(dir.resolve("vigil.json"), WEB.replace("\"instances\": 3", "\"instances\": 2"));
        again.reload();

        assertEquals(List.of("web#1", "web#2", "db"), names());
        assertEquals(Map.of(), again.scales());
        assertFalse(Files.exists(overrideFile()));
    }

    @Test
    void anEditThatLeavesTheInstancesAloneKeepsTheOverride() throws Exception {
        ConfigPublisher publisher = start(WEB);
        publisher.scale("web", 4);

        Files.writeString(dir.resolve("vigil.json"), WEB.replace("[\"db\"]", "[\"db\", \"--fast\"]"));
        publisher.reload();

        assertEquals(List.of("web#1", "web#2", "web#3", "web#4", "db"), names());
        assertEquals(List.of("db", "--fast"), framework.inForce().services().get("db").command());
    }

    @Test
    void anOverrideThePortsNoLongerHoldIsDroppedAndTheFileRunsAsWritten() throws Exception {
        ConfigPublisher publisher = start(WEB);
        publisher.scale("web", 5);

        Files.writeString(dir.resolve("vigil.json"), WEB.replace("8000-8005", "8000-8003"));
        publisher.reload();

        assertEquals(List.of("web#1", "web#2", "web#3", "db"), names());
        assertEquals(Map.of(), publisher.scales());
        assertFalse(Files.exists(overrideFile()));
    }

    @Test
    void aBrokenFileRefusesTheScaleOnOneLine() throws Exception {
        ConfigPublisher publisher = start(WEB);
        Files.writeString(dir.resolve("vigil.json"), "{\"services\": ");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> publisher.scale("web", 4));

        assertTrue(e.getMessage().startsWith("the config file cannot be read as it is now, so nothing was scaled: "
                + dir.resolve("vigil.json") + ":1:"), e.getMessage());
        assertEquals(List.of("web#1", "web#2", "web#3", "db"), names());
    }

    @Test
    void moreCopiesThanTheRangeHoldsAreRefusedOnOneLineAndNothingChanges() throws Exception {
        ConfigPublisher publisher = start(WEB);
        int published = framework.registered.size();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> publisher.scale("web", 7));

        assertTrue(e.getMessage().endsWith("services.web.ports.http.range: holds 6 port(s), but 7 instances need one"
                + " each; widen it, e.g. \"8000-8006\""), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(published, framework.registered.size());
        assertFalse(Files.exists(overrideFile()));
    }

    @Test
    void aServiceWithoutInstancesIsNotScaled() throws Exception {
        ConfigPublisher publisher = start(WEB);
        int published = framework.registered.size();

        assertEquals(0, publisher.scale("db", 3).configSays());
        assertEquals(published, framework.registered.size());
    }

    @Test
    void badCountsAreRefusedWithTheRange() {
        for (String bad : List.of("0", "-1", "abc", "1001", "2.5", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScaleCommands.copies(bad));
            assertTrue(e.getMessage().startsWith("N must be a whole number of copies 1-1000, found \"" + bad + "\""),
                    e.getMessage());
        }
        assertEquals(1000, ScaleCommands.copies("1000"));
    }

    @Test
    void aTornFileIsIgnoredWithAWarningAndTheConfigRunsAsWritten() throws Exception {
        Files.createDirectories(overrideFile().getParent());
        Files.writeString(overrideFile(), "{\"web\": {\"instances\": 5, \"con");

        assertEquals(Map.of(), new ScaleOverrides(data()).read(warnings::add));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith(overrideFile() + ":1:"), warnings.get(0));
        assertTrue(warnings.get(0).contains("the scale overrides in it are ignored"), warnings.get(0));

        start(WEB);
        assertEquals(List.of("web#1", "web#2", "web#3", "db"), names());
    }

    @Test
    void aWrongEntryIsIgnoredAndTheOthersKept() throws Exception {
        Files.createDirectories(overrideFile().getParent());
        Files.writeString(overrideFile(), """
                {"web": {"instances": 0, "config": 3}, "api": {"instances": 5, "config": 2}, "x": [1]}
                """);

        assertEquals(Map.of("api", new ScaleOverrides.Scale(5, 2)), new ScaleOverrides(data()).read(warnings::add));
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith(overrideFile() + ": web: expected {\"instances\": 1-1000"), warnings.get(0));
    }

    @Test
    void notAnObjectOrLenientJsonIsIgnored() throws Exception {
        Files.createDirectories(overrideFile().getParent());
        for (String bad : List.of("[1]", "{web: {instances: 5, config: 3}}", "{\"web\": {\"instances\": 5, \"config\": 3}} x")) {
            Files.writeString(overrideFile(), bad);
            warnings.clear();
            assertEquals(Map.of(), new ScaleOverrides(data()).read(warnings::add), bad);
            assertEquals(1, warnings.size(), bad);
        }
    }

    @Test
    void writtenAtomicallyAndReadBack() throws Exception {
        ScaleOverrides overrides = new ScaleOverrides(data());
        Map<String, ScaleOverrides.Scale> scales = Map.of("web", new ScaleOverrides.Scale(5, 3),
                "api", new ScaleOverrides.Scale(1, 2));

        overrides.write(scales);

        assertEquals(scales, overrides.read(warnings::add));
        assertEquals(List.of(), warnings);
        try (var files = Files.list(overrideFile().getParent())) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList());
        }
    }
}
