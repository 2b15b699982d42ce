package dev.vigil.metrics.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.ServiceStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus HTTP service-discovery document: one target group per port of every service,
 * at the address it was given at its last start. Services listen on loopback, as Vigil gives
 * ports on this host; a central Prometheus reaches another host's through relabelling.
 */
final class ServiceDiscovery {
    static final String HOST = "127.0.0.1";

    private ServiceDiscovery() {
    }

    static JsonArray of(String system, List<ServiceStatus> services) {
        JsonArray groups = new JsonArray();
        for (ServiceStatus s : services) {
            for (Map.Entry<String, Integer> p : new TreeMap<>(s.ports()).entrySet()) {
                JsonArray targets = new JsonArray();
                targets.add(HOST + ":" + p.getValue());
                JsonObject labels = new JsonObject();
                labels.addProperty("service", s.name());
                labels.addProperty("port", p.getKey());
                labels.addProperty("system", system);
                JsonObject group = new JsonObject();
                group.add("targets", targets);
                group.add("labels", labels);
                groups.add(group);
            }
        }
        return groups;
    }
}
