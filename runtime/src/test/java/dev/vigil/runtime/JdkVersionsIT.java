package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The distribution on the newer JDKs installed beside the build's (VIGIL_JAVA): the daemon runs
 * on the JDK it was given, and its output holds none of the warnings those JDKs print for
 * native calls (JNA) and sun.misc.Unsafe (Felix) unless bin/vigil allows them by name.
 */
class JdkVersionsIT extends DaemonIT {
    private static final Path JVMS = Path.of("/usr/lib/jvm");
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    @Test
    void daemonOnEachNewerJdkStartsRunsAndStopsWithoutJvmWarnings() throws Exception {
        List<Path> javas = newerJdks();
        Assumptions.assumeFalse(javas.isEmpty(), "no JDK 24 or later under " + JVMS);
        int port = Dist.freePort();
        Path config = dist.writeConfig("jdk.json", "{\"services\": {" + Dist.demoService("web", port, "") + "}}");
        Path out = dist.home.resolve("logs/vigil.out");
        for (Path java : javas) {
            dist.env.put("VIGIL_JAVA", java.toString());
            Dist.Result start = dist.vigil("start", "-c", config.toString());
            assertEquals(0, start.code(), java + ": " + start.all());
            long pid = Long.parseLong(Files.readString(dist.home.resolve("data/vigil.pid")).trim());
            assertEquals(java.toRealPath(), Path.of("/proc/" + pid + "/exe").toRealPath(),
                    "the daemon runs on another JDK than VIGIL_JAVA names");
            Dist.Result status = dist.vigil("status");
            assertTrue(status.code() < 2 && status.out().contains("RUNNING"), java + ": " + status.all());
            Dist.Result stop = dist.vigil("stop");
            assertEquals(0, stop.code(), java + ": " + stop.all());
            String printed = Files.exists(out) ? Files.readString(out) : "";
            assertFalse(printed.contains("WARNING:"), java + " printed warnings:\n" + printed);
            assertFalse(start.all().contains("WARNING:") || status.all().contains("WARNING:")
                    || stop.all().contains("WARNING:"), java + ": the commands printed warnings");
            Files.deleteIfExists(out);
        }
    }

    /** The java of every JDK 24 or later under /usr/lib/jvm, once per real directory. */
    private static List<Path> newerJdks() throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(JVMS)) {
            return found;
        }
        List<Path> seen = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(JVMS)) {
            for (Path dir : dirs.sorted().toList()) {
                Path release = dir.resolve("release");
                Path java = dir.resolve("bin/java");
                if (!Files.isRegularFile(release) || !Files.isExecutable(java) || seen.contains(dir.toRealPath())) {
                    continue;
                }
                seen.add(dir.toRealPath());
                Matcher m = VERSION.matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 24) {
                    found.add(java);
                }
            }
        }
        return found;
    }
}
