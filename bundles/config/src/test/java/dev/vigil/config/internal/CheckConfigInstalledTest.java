package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil check-config} in a distribution whose {@code bundles/} holds a user's own check
 * type ({@code redis}) and whose {@code deploy/} holds a user's own strategy: each check is
 * looked at by its type's validator, found in the jars as the daemon's SCR would find it.
 */
class CheckConfigInstalledTest {
    private static final String CONFIG = """
            {
              "services": {
                "cache": {
                  "command": ["redis-server"],
                  "ports": {"redis": 6379},
                  "checks": [
                    {"type": "redis", "port": 70000, "timout": "1s"},
                    {"type": "redis", "port": "${port.redis}"},
                    {"type": "rediss"}
                  ],
                  "recovery": ["page-oncall", "page-oncal"]
                }
              }
            }
            """;

    @TempDir
    Path home;

    @BeforeEach
    void distribution() throws IOException {
        jar(Files.createDirectories(home.resolve("bundles")).resolve("vigil-check-redis.jar"), Map.of(
                "OSGI-INF/redis.RedisCheck.xml", component("redis.RedisCheck", "dev.vigil.api.check.CheckType",
                        "vigil.check.type", "redis"),
                "OSGI-INF/redis.RedisParameters.xml", component(RedisParameters.class.getName(),
                        "dev.vigil.api.check.CheckValidator", "vigil.check.type", "redis")));
        jar(Files.createDirectories(home.resolve("deploy")).resolve("page-oncall.jar"), Map.of(
                "OSGI-INF/oncall.xml", component("oncall.PageStrategy", "dev.vigil.api.recovery.RecoveryStrategy",
                        "vigil.recovery.strategy", "page-oncall")));
    }

    private static String component(String implementation, String provides, String property, String value) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + implementation + "\">\n"
                + "  <property name=\"" + property + "\" type=\"String\" value=\"" + value + "\"/>\n"
                + "  <service><provide interface=\"" + provides + "\"/></service>\n"
                + "  <implementation class=\"" + implementation + "\"/>\n"
                + "</scr:component>\n";
    }

    private static void jar(Path file, Map<String, String> descriptions) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Service-Component", String.join(",", descriptions.keySet()));
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, String> d : descriptions.entrySet()) {
                jar.putNextEntry(new JarEntry(d.getKey()));
                jar.write(d.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private String checkConfig(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CheckConfigTool.run(new String[] {file.toString()}, home, Path.of("/opt/jdk/bin/java"), Map.<String, String>of()::get,
                print, print);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCheckIsJudgedByItsTypeAndUnknownNamesListWhatIsThere() throws IOException {
        Path file = Files.writeString(home.resolve("vigil.json"), CONFIG);
        String there = "is in " + home.resolve("bundles") + " or " + home.resolve("deploy");
        assertEquals(String.join("\n",
                file + ":7:33: services.cache.checks[0].port: expected a port 1-65535, found 70000",
                "warning: " + file + ":7:50: services.cache.checks[0].timout: unknown key for a \"redis\" check, ignored;"
                        + " it reads password, port; did you mean \"timeout\"?",
                "warning: " + file + ":9:16: services.cache.checks[2].type: no check type \"rediss\" " + there
                        + "; unless a bundle dropped into deploy/ provides it, the check is UNKNOWN at run time"
                        + " (there: redis); did you mean \"redis\"?",
                "warning: " + file + ":11:36: services.cache.recovery[1]: no strategy \"page-oncal\" " + there
                        + "; unless a bundle in deploy/ provides it, it is skipped at run time (there: page-oncall);"
                        + " did you mean \"page-oncall\"?",
                "1 error in " + file, ""), checkConfig(file));
    }

    @Test
    void withoutABundlesFolderCheckTypesAreNotJudged() throws IOException {
        Path elsewhere = Files.createDirectory(home.resolve("src"));
        Path file = Files.writeString(elsewhere.resolve("vigil.json"), CONFIG);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CheckConfigTool.run(new String[] {file.toString()}, elsewhere, Path.of("java"), Map.<String, String>of()::get,
                print, print);
        assertEquals(String.join("\n",
                "warning: " + file + ":11:21: services.cache.recovery[0]: no strategy \"page-oncall\" ships with Vigil;"
                        + " unless a bundle in deploy/ provides it, it is skipped at run time (shipped: evict-squatter,"
                        + " reassign-port, restart, restore-config)",
                "warning: " + file + ":11:36: services.cache.recovery[1]: no strategy \"page-oncal\" ships with Vigil;"
                        + " unless a bundle in deploy/ provides it, it is skipped at run time (shipped: evict-squatter,"
                        + " reassign-port, restart, restore-config)",
                "warning: " + file + ":4:20: services.cache.command[0]: \"redis-server\" is not found on the PATH"
                        + " (/bin:/usr/bin); install it, or give its full path",
                file + ": valid; system vigil, 1 services (cache)", ""), out.toString(StandardCharsets.UTF_8));
    }
}
