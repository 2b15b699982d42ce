package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil check-config} in the built distribution: each check is judged by the validator
 * of its own type, found in the check bundles of {@code bundles/}, without a daemon.
 */
class CheckParametersIT {
    @TempDir
    Path tmp;
    Dist dist;

    @BeforeEach
    void copyDistribution() throws Exception {
        dist = new Dist(tmp);
    }

    private Dist.Result checkConfig(String checks, String recovery) throws Exception {
        Path file = Files.writeString(tmp.resolve("vigil.json"), "{\"services\": {\"api\": {\n"
                + "  \"command\": [\"sleep\", \"60\"], \"ports\": {\"http\": 18080},\n"
                + "  \"checks\": [\n" + checks + "\n  ],\n"
                + "  \"recovery\": " + recovery + "\n}}}\n", StandardCharsets.UTF_8);
        return dist.vigil("check-config", file.toString());
    }

    private List<String> lines(Dist.Result r) {
        String prefix = tmp.resolve("vigil.json") + ":";
        return r.out().lines().map(l -> l.replace(prefix, "")).toList();
    }

    @Test
    void wrongValuesAreErrorsAtTheirLine() throws Exception {
        Dist.Result r = checkConfig("""
                    {"type": "http", "url": "ftp://127.0.0.1:${port.http}/health"},
                    {"type": "tcp", "port": 70000},
                    {"type": "system", "memoryCritical": 120}""", "[\"restart\"]");
        assertEquals(1, r.code(), r.all());
        List<String> lines = lines(r);
        assertTrue(lines.contains("4:23: services.api.checks[0].url: expected an http or https URL with a host, such as"
                + " http://127.0.0.1:8080/health, found \"ftp://127.0.0.1:${port.http}/health\""), r.out());
        assertTrue(lines.contains("5:23: services.api.checks[1].port: expected a port 1-65535, found 70000"), r.out());
        assertTrue(lines.contains("6:36: services.api.checks[2].memoryCritical: expected a percent 0-100, found 120"),
                r.out());
        assertTrue(r.out().contains("3 errors in "), r.out());
    }

    @Test
    void unknownKeysTypesAndStrategiesAreWarningsNamingWhatIsInstalled() throws Exception {
        Dist.Result r = checkConfig("""
                    {"type": "http", "url": "http://127.0.0.1:${port.http}/", "timout": "1s"},
                    {"type": "htp"}""", "[\"restart\", \"restrat\"]");
        assertEquals(0, r.code(), r.all());
        String there = "is in " + dist.home.resolve("bundles") + " or " + dist.home.resolve("deploy");
        List<String> lines = lines(r);
        assertTrue(lines.contains("warning: 4:67: services.api.checks[0].timout: unknown key for a \"http\" check,"
                + " ignored; it reads expectBody, expectJson, expectStatus, latencyWarning, method, url; did you mean"
                + " \"timeout\"?"), r.out());
        assertTrue(lines.contains("warning: 5:8: services.api.checks[1].type: no check type \"htp\" " + there
                + "; unless a bundle dropped into deploy/ provides it, the check is UNKNOWN at run time (there: exec,"
                + " felix-hc, http, jdbc, process, system, tcp); did you mean \"http\"?"), r.out());
        assertTrue(lines.contains("warning: 7:28: services.api.recovery[1]: no strategy \"restrat\" " + there
                + "; unless a bundle in deploy/ provides it, it is skipped at run time (there: evict-squatter,"
                + " reassign-port, restart, restore-config); did you mean \"restart\"?"), r.out());
    }
}
