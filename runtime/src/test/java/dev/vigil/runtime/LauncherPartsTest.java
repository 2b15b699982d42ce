package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's small parts: feature files, the rotating log, the ctl command line. */
class LauncherPartsTest {
    @TempDir
    Path tmp;

    @Test
    void featuresAreOrderedByStartLevelAndInteractiveOnesSkippedHeadless() throws Exception {
        Path features = Files.createDirectories(tmp.resolve("features"));
        Path bundles = Files.createDirectories(tmp.resolve("bundles"));
        for (String b : List.of("a", "b", "c")) {
            Files.writeString(bundles.resolve(b + ".jar"), "");
        }
        Files.writeString(features.resolve("one.json"),
                "{\"name\": \"one\", \"bundles\": [{\"bundle\": \"b\", \"startLevel\": 3}, {\"bundle\": \"a\", \"startLevel\": 1}]}");
        Files.writeString(features.resolve("tty.json"),
                "{\"name\": \"tty\", \"when\": \"interactive\", \"bundles\": [{\"bundle\": \"c\", \"startLevel\": 2}]}");
        List<Features.Entry> headless = Features.load(features, bundles, false);
        assertEquals(List.of("a.jar", "b.jar"), headless.stream().map(e -> e.jar().getFileName().toString()).toList());
        List<Features.Entry> tty = Features.load(features, bundles, true);
        assertEquals(List.of(1, 2, 3), tty.stream().map(Features.Entry::startLevel).toList());
    }

    @Test
    void withinAStartLevelTheCoreFeatureStartsFirst() throws Exception {
        Path features = Files.createDirectories(tmp.resolve("features"));
        Path bundles = Files.createDirectories(tmp.resolve("bundles"));
        for (String b : List.of("alert", "supervisor", "http", "base")) {
            Files.writeString(bundles.resolve(b + ".jar"), "");
        }
        Files.writeString(features.resolve("alerts.json"),
                "{\"name\": \"alerts\", \"bundles\": [{\"bundle\": \"alert\", \"startLevel\": 3}]}");
        Files.writeString(features.resolve("core.json"),
                "{\"name\": \"core\", \"bundles\": [{\"bundle\": \"supervisor\", \"startLevel\": 3}]}");
        Files.writeString(features.resolve("http.json"),
                "{\"name\": \"http\", \"bundles\": [{\"bundle\": \"http\", \"startLevel\": 3}]}");
        Files.writeString(features.resolve("base.json"),
                "{\"name\": \"base\", \"bundles\": [{\"bundle\": \"base\", \"startLevel\": 1}]}");
        assertEquals(List.of("base.jar", "supervisor.jar", "alert.jar", "http.jar"),
                Features.load(features, bundles, false).stream().map(e -> e.jar().getFileName().toString()).toList());
    }

    @Test
    void aFeatureNamingAMissingBundleSaysWhichFileAndBundle() throws Exception {
        Path features = Files.createDirectories(tmp.resolve("features"));
        Path bundles = Files.createDirectories(tmp.resolve("bundles"));
        Files.writeString(features.resolve("x.json"), "{\"name\": \"x\", \"bundles\": [{\"bundle\": \"gone\"}]}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Features.load(features, bundles, false));
        assertTrue(e.getMessage().contains("x.json: feature x names bundle gone"), e.getMessage());
    }

    @Test
    void logRotatesBySizeKeepingTheNewestFiles() throws Exception {
        Path file = tmp.resolve("vigil.log");
        try (RotatingLog log = new RotatingLog(file, 100, 3)) {
            for (int i = 0; i < 20; i++) {
                log.write(String.format("line %02d of the log, forty bytes long...\n", i).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(Files.size(file) <= 100);
        assertTrue(Files.readString(file).contains("line 19"));
        assertTrue(Files.exists(tmp.resolve("vigil.log.1")) && Files.exists(tmp.resolve("vigil.log.2")));
        assertTrue(Files.exists(tmp.resolve("vigil.log.3")));
        assertTrue(!Files.exists(tmp.resolve("vigil.log.4")), "keeps only 3 old files");
        for (String name : List.of("vigil.log", "vigil.log.1", "vigil.log.2", "vigil.log.3")) {
            Files.readAllLines(tmp.resolve(name)).forEach(l -> assertTrue(l.matches("line \\d\\d .*"), "split line: " + l));
        }
    }

    @Test
    void ctlArgumentsWithSpacesOrQuotesStayOneArgument() {
        assertEquals("vigil:restart web-1", Main.commandLine(List.of("vigil:restart", "web-1")));
        assertEquals("echo 'a b' 'it'\\''s'", Main.commandLine(List.of("echo", "a b", "it's")));
    }
}
