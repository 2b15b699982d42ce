package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The daemon judges checks by their own types as {@code vigil check-config} does: at start,
 * though the check bundles start beside the config bundle, and on every change of the file.
 */
class CheckParametersDaemonIT extends DaemonIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static String config(int port, String url) {
        return "{\"services\": {\"api\": {\"command\": [\"sleep\", \"600\"], \"stopTimeout\": \"2s\",\n"
                + "  \"ports\": {\"http\": " + port + "},\n"
                + "  \"checks\": [{\"type\": \"http\", \"url\": \"" + url + "\", \"timout\": \"1s\"},\n"
                + "             {\"type\": \"htp\"}]}}}\n";
    }

    @Test
    void unknownNamesAreWarnedListingWhatIsInstalledAndWrongValuesRefuseAChange() throws Exception {
        int port = Dist.freePort();
        Path file = dist.writeConfig("live.json", config(port, "http://127.0.0.1:${port.http}/"));
        Dist.Result start = dist.vigil("start", "-c", file.toString());
        assertEquals(0, start.code(), start.all());
        Dist.await(WAIT, "api RUNNING", () -> StatusJson.of(dist).running("api"));
        String log = Files.readString(dist.home.resolve("logs/vigil.log"));
        assertTrue(log.contains("services.api.checks[0].timout: unknown key for a \"http\" check, ignored; it reads"
                + " expectBody, expectJson, expectStatus, latencyWarning, method, url; did you mean \"timeout\"?"), log);
        assertTrue(log.contains("services.api.checks[1].type: no check type \"htp\" is installed; unless a bundle"
                + " dropped into deploy/ provides it, the check is UNKNOWN at run time (installed: exec, felix-hc, http,"
                + " jdbc, process, system, tcp); did you mean \"http\"?"), log);

        Files.writeString(file, config(port, "ftp://127.0.0.1:${port.http}/"));
        Dist.await(WAIT, "a notice that the change was refused", () -> StatusJson.of(dist).notices().stream()
                .anyMatch(n -> n.startsWith("the change to " + file) && n.contains("was refused")));
        String notice = StatusJson.of(dist).notices().stream().filter(n -> n.startsWith("the change to")).findFirst()
                .orElseThrow();
        assertTrue(notice.contains(file + ":3:") && notice.contains("services.api.checks[0].url: expected an http or"
                + " https URL with a host, such as http://127.0.0.1:8080/health, found \"ftp://127.0.0.1:${port.http}/\""),
                notice);
    }
}
