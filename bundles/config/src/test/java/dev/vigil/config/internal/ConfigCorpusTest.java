package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken configs (src/test/resources/corpus): each {@code NN-name.json} is read
 * under its bare file name and must give exactly the text of {@code NN-name.expected}. For a
 * refused config that is every problem line ({@link ConfigException#getMessage()}) followed by
 * any warnings; for an accepted one its warnings, or {@code valid} when there are none.
 * Warnings are prefixed {@code "warning: "}, as {@code vigil check-config} prints them.
 *
 * <p>To add a case, add the .json and run once with {@code -Dvigil.corpus.write=true}, which
 * writes the missing .expected files; then read each one as a user would before committing.
 */
class ConfigCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    /** The environment ${env:...} sees: never the real one, so the output is the same everywhere. */
    static final Map<String, String> ENV = Map.of("HOME", "/home/tester", "MODE", "dev");

    @TempDir
    Path dir;

    static ConfigReader reader() {
        return new ConfigReader(Path.of("/opt/vigil"), Path.of("/opt/jdk/bin/java"), ENV::get);
    }

    /** What a user reads for {@code bytes} read as {@code name}. */
    static String output(String name, byte[] bytes) {
        ConfigReader reader = reader();
        List<String> lines = new ArrayList<>();
        try {
            reader.read(name, bytes, Path.of("/srv/app"), "corpus");
        } catch (ConfigException e) {
            lines.add(e.getMessage());
        }
        reader.warnings().forEach(w -> lines.add("warning: " + w));
        return lines.isEmpty() ? "valid" : String.join("\n", lines);
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseGivesExactlyItsExpectedOutput(String name) throws IOException {
        String actual = output(name, Files.readAllBytes(CORPUS.resolve(name)));
        Path expected = CORPUS.resolve(name.replaceFirst("\\.json$", ".expected"));
        if (Boolean.getBoolean("vigil.corpus.write") && !Files.exists(expected)) {
            Files.writeString(expected, actual + "\n");
        }
        assertTrue(Files.exists(expected), () -> expected + " is missing; it should hold:\n" + actual);
        String text = Files.readString(expected, StandardCharsets.UTF_8);
        assertEquals(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text, actual, name);
    }

    @Test
    void theCorpusIsLargeAndEveryExpectationHasItsConfig() throws IOException {
        List<String> names = cases().toList();
        assertTrue(names.size() >= 60, "only " + names.size() + " cases");
        try (Stream<Path> files = Files.list(CORPUS)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected"))
                    .forEach(n -> assertTrue(names.contains(n.replaceFirst("\\.expected$", ".json")),
                            n + " has no .json next to it"));
        }
        names.forEach(n -> assertTrue(n.matches("\\d{2,3}-[A-Za-z0-9-]+\\.json"), n + " is not named NN-short-name.json"));
    }

    /** Too big to commit: made here, just over the limit, as valid JSON so only the size can fail it. */
    @Test
    void aFileOverFourMebibytesIsRefusedWithoutBeingParsed() throws IOException {
        Path file = dir.resolve("huge.json");
        byte[] bytes = hugeConfig();
        Files.write(file, bytes);

        ConfigException e = assertThrows(ConfigException.class, () -> reader().load(file, null));

        assertEquals(file + ": the file is " + bytes.length + " bytes, more than the 4194304 a config may have;"
                + " is it the right file?", e.getMessage());
    }

    @Test
    void aServiceBundleOverFourMebibytesIsRefusedToo() {
        ConfigException e = assertThrows(ConfigException.class, () -> reader().readServices("b!/vigil.json",
                hugeConfig(), Path.of("/srv"), "bundle b", Map.of()));

        assertEquals("b!/vigil.json: more than 4194304 bytes", e.getMessage());
    }

    private static byte[] hugeConfig() {
        String head = "{\"services\": {\"api\": {\"command\": [\"api\", \"";
        String tail = "\"]}}}\n";
        int padding = (int) ConfigReader.MAX_BYTES + 1 - head.length() - tail.length();
        return (head + "x".repeat(padding) + tail).getBytes(StandardCharsets.UTF_8);
    }
}
