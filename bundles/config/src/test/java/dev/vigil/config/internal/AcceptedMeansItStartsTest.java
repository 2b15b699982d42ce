package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever the validator accepts, the JDK takes at launch: over the corpus and thousands of
 * its mutations (NUL, '=', empty and odd environment names among them), no accepted service
 * has an argument, variable or folder that {@link ProcessBuilder} refuses.
 */
class AcceptedMeansItStartsTest {
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final long SEED = Long.getLong("vigil.mutation.seed", 20240607L);
    private static final int CASES = Integer.getInteger("vigil.mutation.cases", 5000);

    @TempDir
    Path dir;

    private static List<byte[]> corpus() throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
        }
        out.add(Files.readAllBytes(Path.of("../../config/vigil.json")));
        out.add(Files.readAllBytes(Path.of("../../config/examples/trading.json")));
        return out;
    }

    /** The config, or null when the validator refused it. */
    private static SystemConfig accepted(byte[] bytes) {
        try {
            return ConfigCorpusTest.reader().read("mutant.json", bytes, Path.of("/srv/app"), "test");
        } catch (ConfigException e) {
            return null;
        }
    }

    private void assertLaunchable(SystemConfig config, String what, byte[] bytes) {
        for (ServiceDefinition s : config.services().values()) {
            String refusal = JdkLaunch.refusal(s, dir.resolve("nowhere"));
            assertNull(refusal, () -> what + ": service " + s.name() + " was accepted but the JDK refuses it ("
                    + refusal + "):\n" + new String(bytes, StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyAcceptedCorpusConfigIsTakenByTheJdk() throws Exception {
        List<byte[]> corpus = corpus();
        int accepted = 0;
        for (int i = 0; i < corpus.size(); i++) {
            SystemConfig config = accepted(corpus.get(i));
            if (config != null) {
                assertLaunchable(config, "corpus file " + i, corpus.get(i));
                accepted++;
            }
        }
        assertTrue(accepted >= 5, "only " + accepted + " corpus configs are accepted");
    }

    @Test
    void everyAcceptedMutationIsTakenByTheJdk() throws Exception {
        List<byte[]> corpus = corpus();
        Mutator mutator = new Mutator(new Random(SEED));
        int accepted = 0;
        int refusedForLaunch = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = mutator.mutate(corpus.get(i % corpus.size()));
            SystemConfig config = accepted(bytes);
            if (config != null) {
                assertLaunchable(config, "case " + i, bytes);
                accepted++;
            } else if (refusedForLaunch(bytes)) {
                refusedForLaunch++;
            }
        }
        // Or the mutations never reach what this test is about.
        assertTrue(accepted > CASES / 100, "only " + accepted + " accepted");
        assertTrue(refusedForLaunch > CASES / 100, "only " + refusedForLaunch + " refused for a NUL or an env name");
        System.out.println("launch property: " + accepted + " accepted and launchable, " + refusedForLaunch
                + " refused for a NUL or an env name");
    }

    private static boolean refusedForLaunch(byte[] bytes) {
        try {
            ConfigCorpusTest.reader().read("mutant.json", bytes, Path.of("/srv/app"), "test");
            return false;
        } catch (ConfigException e) {
            return e.getMessage().contains("NUL character") || e.getMessage().contains("cannot hold '='")
                    || e.getMessage().contains("needs a name");
        }
    }
}
