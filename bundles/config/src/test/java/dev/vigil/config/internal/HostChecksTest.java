package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What check-config tells of the host: warnings, never errors, since a config may be written
 * for another machine; the daemon's own load does not look (its services fail at start instead).
 */
class HostChecksTest {
    @TempDir
    Path dir;

    private List<String> warnings(Host host, String json) throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.json"), json);
        ConfigReader reader = ConfigCorpusTest.reader().checkingHost(host);
        reader.load(file, null);
        return reader.warnings();
    }

    private Host thisHost() {
        return Host.current(Map.of("PATH", "/usr/bin:/bin")::get);
    }

    @Test
    void aUserOrGroupThisHostLacksIsAWarningAtItsPlace() throws Exception {
        List<String> said = warnings(thisHost(), """
                {"defaults": {"user": "no-such-user-vigil"},
                 "services": {"a": {"command": ["/bin/sh"]}, "b": {"command": ["/bin/sh"]},
                              "c": {"command": ["/bin/sh"], "user": "root", "group": "no-such-group-vigil"}}}
                """);

        Path file = dir.resolve("vigil.json");
        assertEquals(List.of(
                file + ":1:21: defaults.user: no user \"no-such-user-vigil\" on this host; the service cannot start here"
                        + " (fine if the config is for another host)",
                file + ":3:68: services.c.group: no group \"no-such-group-vigil\" on this host; the service cannot"
                        + " start here (fine if the config is for another host)"), said);
    }

    @Test
    void anotherUserNeedsADaemonRunningAsRoot() throws Exception {
        Host notRoot = new Host(Map.of("PATH", "/usr/bin:/bin")::get, name -> true, name -> true, "tester", false);
        String json = """
                {"services": {"db": {"command": ["/bin/sh"], "user": "postgres"}, "me": {"command": ["/bin/sh"], "user": "tester"}}}
                """;

        assertEquals(List.of(dir.resolve("vigil.json") + ":1:52: services.db.user: the service runs as \"postgres\","
                + " but this check runs as \"tester\": the daemon must run as root to switch users; start it as root"
                + " or drop \"user\""), warnings(notRoot, json));
        Host root = new Host(notRoot.env(), name -> true, name -> true, "root", true);
        assertEquals(List.of(), warnings(root, json));
    }

    @Test
    void aProgramNotFoundOrNotExecutableAndAMissingFolderAreWarnings() throws Exception {
        Files.writeString(dir.resolve("run.sh"), "echo\n");
        List<String> said = warnings(thisHost(), """
                {"services": {
                  "a": {"command": ["no-such-program-vigil", "x"]},
                  "b": {"command": ["./run.sh"]},
                  "c": {"command": ["sh", "-c", "true"], "cwd": "nowhere"},
                  "d": {"command": ["/bin/sh"], "cwd": "."}
                }}
                """);

        Path file = dir.resolve("vigil.json");
        assertEquals(List.of(
                file + ":2:22: services.a.command[0]: \"no-such-program-vigil\" is not found on the PATH (/usr/bin:/bin);"
                        + " install it, or give its full path",
                file + ":3:22: services.b.command[0]: " + dir.resolve("run.sh") + " is not an executable file on this"
                        + " host; the service cannot start here until it is",
                file + ":4:47: services.c.cwd: the directory " + dir.resolve("nowhere") + " does not exist on this host;"
                        + " the service cannot start here until it does: create it or fix \"cwd\""), said);
    }

    @Test
    void checkConfigPrintsThemAndStillSaysValid() throws Exception {
        Path file = Files.writeString(dir.resolve("app.json"), "{\"services\": {\"a\": {\"command\": [\"no-such-program-vigil\"]}}}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        int code = CheckConfigTool.run(new String[] {file.toString()}, Path.of("/opt/vigil"), Path.of("java"),
                Map.of("PATH", "/bin")::get, print, print);

        assertEquals(0, code);
        assertEquals("warning: " + file + ":1:34: services.a.command[0]: \"no-such-program-vigil\" is not found on the"
                + " PATH (/bin); install it, or give its full path\n" + file + ": valid; system vigil, 1 services (a)\n",
                out.toString(StandardCharsets.UTF_8));
    }
}
