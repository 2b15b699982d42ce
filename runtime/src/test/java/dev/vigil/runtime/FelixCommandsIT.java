package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standard Felix commands that take a bundle id, through {@code vigil ctl} as a Felix user types them. */
class FelixCommandsIT extends DaemonIT {
    private static final Pattern ROW = Pattern.compile("\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*\\d+\\|(\\S+) .*");
    private int port;

    @BeforeEach
    void startDaemon() throws Exception {
        port = Dist.freePort();
        String config = dist.writeConfig("one.json", "{\"services\": {" + Dist.demoService("alpha", port, "") + "}}")
                .toString();
        Dist.Result start = dist.vigil("start", "-c", config);
        assertEquals(0, start.code(), start.all());
        Dist.await(Duration.ofSeconds(30), "alpha answering", () -> Dist.answers(port));
    }

    private Dist.Result ctl(String... line) {
        String[] args = new String[line.length + 1];
        args[0] = "ctl";
        System.arraycopy(line, 0, args, 1, line.length);
        Dist.Result r = dist.vigil(args);
        assertEquals(0, r.code(), String.join(" ", line) + ": " + r.all());
        return r;
    }

    /** The row of {@code lb -s} for a symbolic name: group 1 the id, group 2 the state. */
    private Matcher bundle(String symbolicName) {
        for (String line : ctl("lb", "-s").out().lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.matches() && m.group(3).equals(symbolicName)) {
                return m;
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " in lb -s");
    }

    private String state(String symbolicName) {
        return bundle(symbolicName).group(2);
    }

    @Test
    void headersOfABundleIdPrintsItsManifest() {
        String id = bundle("dev.vigil.journal").group(1);
        Dist.Result headers = ctl("headers", id);
        assertTrue(headers.out().contains("Bundle-SymbolicName = dev.vigil.journal"), headers.out());

        Dist.Result byName = ctl("headers", "dev.vigil.api");
        assertTrue(byName.out().contains("Export-Package = dev.vigil.api;"), byName.out());

        Dist.Result inspect = ctl("inspect", "cap", "osgi.wiring.package", bundle("dev.vigil.api").group(1));
        assertTrue(inspect.out().contains("dev.vigil.shell"), inspect.out());

        Dist.Result unknown = dist.vigil("ctl", "headers", "99999");
        assertEquals(1, unknown.code(), unknown.all());
    }

    @Test
    void updateOfABundleIdUpdatesItAndServicesKeepRunning() throws Exception {
        long pid = StatusJson.of(dist).pid("alpha");
        ctl("update", bundle("dev.vigil.journal").group(1));
        Dist.await(Duration.ofSeconds(30), "journal active again", () -> state("dev.vigil.journal").equals("Active"));
        assertEquals(pid, StatusJson.of(dist).pid("alpha"), "alpha keeps its process");
        Dist.await(Duration.ofSeconds(30), "the journal answering after its update",
                () -> dist.vigil("ctl", "vigil:recoveries").code() == 0);
    }

    @Test
    void felixStopAndStartTakeABundleIdAndBareStopIsFelixs() throws Exception {
        String id = bundle("dev.vigil.check.tcp").group(1);
        ctl("felix:stop", id);
        assertEquals("Resolved", state("dev.vigil.check.tcp"));
        assertFalse(ctl("vigil:checks").out().contains("\ntcp "), "tcp check type gone with its bundle");
        ctl("felix:start", id);
        assertEquals("Active", state("dev.vigil.check.tcp"));
        Dist.await(Duration.ofSeconds(10), "tcp check type back", () -> ctl("vigil:checks").out().contains("\ntcp "));

        // Without a scope, stop and start are Felix's (README, Gogo commands); Vigil's keep theirs.
        ctl("stop", id);
        assertEquals("Resolved", state("dev.vigil.check.tcp"));
        ctl("start", id);
        assertEquals("Active", state("dev.vigil.check.tcp"));

        assertTrue(ctl("vigil:stop", "alpha").out().contains("STOPPED"));
        Dist.await(Duration.ofSeconds(10), "alpha's port closed", () -> !Dist.answers(port));
        ctl("vigil:start", "alpha");
        Dist.await(Duration.ofSeconds(30), "alpha answering again", () -> Dist.answers(port));
    }
}
