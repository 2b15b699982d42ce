package dev.vigil.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configs the project ships (config/) must stay valid as the format evolves. */
class ShippedConfigsTest {
    private static final Path CONFIG_DIR = Path.of("../../config");

    private static SystemConfig read(String file, Map<String, String> env) throws ConfigException {
        ConfigReader reader = new ConfigReader(Path.of("/opt/vigil"), Path.of("/usr/bin/java"), env::get);
        SystemConfig config = reader.read(CONFIG_DIR.resolve(file));
        assertEquals(List.of(), reader.warnings(), file + " has unknown keys");
        return config;
    }

    @Test
    void defaultConfigRunsTheDemoServicesFromTheInstallation() throws Exception {
        SystemConfig config = read("vigil.json", Map.of());
        assertEquals(List.of("web-1", "web-2"), List.copyOf(config.services().keySet()));
        ServiceDefinition web1 = config.services().get("web-1");
        assertEquals("/usr/bin/java", web1.command().get(0));
        assertTrue(web1.command().contains("/opt/vigil/lib/vigil-runtime.jar"), web1.command().toString());
        assertEquals("${port.http}", web1.command().get(web1.command().size() - 1));
        assertEquals(dev.vigil.api.port.PortSpec.of(17001), web1.ports().get("http"));
    }

    @Test
    void tradingExampleHasFiveServicesAndTwoDatabasesInDependencyOrder() throws Exception {
        SystemConfig config = read("examples/trading.json", Map.of("FEED_API_KEY", "test-key"));
        List<String> order = List.copyOf(config.services().keySet());
        assertEquals(7, order.size());
        for (ServiceDefinition s : config.services().values()) {
            for (String dep : s.dependsOn()) {
                assertTrue(order.indexOf(dep) < order.indexOf(s.name()), s.name() + " starts before " + dep);
            }
        }
        assertEquals("test-key", config.services().get("market-data").env().get("FEED_API_KEY"));
    }

    @Test
    void tradingExampleNamesTheMissingSecret() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> read("examples/trading.json", Map.of()));
        assertTrue(e.summary().contains("services.market-data.env.FEED_API_KEY: ${env:FEED_API_KEY}: environment"
                + " variable FEED_API_KEY is not set"), e.summary());
    }
}
