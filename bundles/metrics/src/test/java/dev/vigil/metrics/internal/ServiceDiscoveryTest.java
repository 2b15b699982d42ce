package dev.vigil.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.vigil.api.ServiceState;
import dev.vigil.api.ServiceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service-discovery document: one target group per port a service was given. */
class ServiceDiscoveryTest {
    private static ServiceStatus service(String name, ServiceState state, Map<String, Integer> ports) {
        return new ServiceStatus(name, state, 1, Instant.EPOCH, 0, null, "", "test", ports);
    }

    @Test
    void eachPortOfEachServiceIsOneTargetGroupWithServicePortAndSystem() {
        JsonArray groups = ServiceDiscovery.of("trading", List.of(
                service("api", ServiceState.RUNNING, Map.of("http", 8001, "admin", 9001)),
                service("never-started", ServiceState.STOPPED, Map.of()),
                service("db", ServiceState.STOPPED, Map.of("sql", 5432))));

        String expected = """
                [{"targets":["127.0.0.1:9001"],"labels":{"service":"api","port":"admin","system":"trading"}},\
                {"targets":["127.0.0.1:8001"],"labels":{"service":"api","port":"http","system":"trading"}},\
                {"targets":["127.0.0.1:5432"],"labels":{"service":"db","port":"sql","system":"trading"}}]""";
        assertEquals(JsonParser.parseString(expected), groups,
                "a stopped service keeps its target, so Prometheus sees it down; one never started has no port yet");
    }
}
