package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.vigil.api.ServiceDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks each {@code ${port.SERVICE.NAME}}: SERVICE must be another service that declares
 * port NAME and that the referring service lists in {@code dependsOn}, so that it has
 * started, and its port is assigned, by the time the referring one is launched.
 */
final class PortReferences {
    private final Fields fields;

    PortReferences(Fields fields) {
        this.fields = fields;
    }

    /**
     * Every port name a service declares as written, even one with an error (reported
     * already), so that a placeholder naming it is not a second error.
     */
    static Set<String> declared(JsonObject service) {
        return service.get("ports") instanceof JsonObject ports ? ports.keySet() : Set.of();
    }

    /**
     * @param refs     what the services' placeholders name
     * @param services the file's {@code services} object (null when missing or broken)
     * @param external services defined elsewhere, which may be named too
     */
    void check(List<Placeholders.OtherPort> refs, JsonObject services, Map<String, ServiceDefinition> external) {
        if (refs.isEmpty()) {
            return;
        }
        Map<String, Set<String>> ports = new LinkedHashMap<>();
        external.forEach((name, def) -> ports.put(ServiceDefinition.groupOf(name), def.ports().keySet()));
        Map<String, List<String>> dependsOn = new LinkedHashMap<>();
        if (services != null) {
            for (Map.Entry<String, JsonElement> e : services.entrySet()) {
                if (e.getValue() instanceof JsonObject svc) {
                    ports.put(e.getKey(), declared(svc));
                    dependsOn.put(e.getKey(), svc.get("dependsOn") instanceof JsonArray deps ? deps.asList().stream()
                            .filter(JsonElement::isJsonPrimitive).map(JsonElement::getAsString).toList() : List.of());
                }
            }
        }
        for (Placeholders.OtherPort ref : refs) {
            String problem = problem(ref, ports, dependsOn.getOrDefault(ref.from(), List.of()));
            if (problem != null) {
                fields.error(ref.path(), ref.placeholder() + ": " + problem);
            }
        }
    }

    private static String problem(Placeholders.OtherPort ref, Map<String, Set<String>> ports, List<String> dependsOn) {
        Set<String> declared = ports.get(ref.service());
        if (declared == null) {
            Set<String> others = new TreeSet<>(ports.keySet());
            others.remove(ref.from());
            String near = Suggestions.nearest(ref.service(), others);
            return "no service named \"" + ref.service() + "\"" + (near != null ? "; did you mean \"" + near + "\"?"
                    : "; defined services: " + (others.isEmpty() ? "none" : String.join(", ", others)));
        }
        if (ref.service().equals(ref.from())) {
            return "this is the service's own port; write ${port." + ref.port() + "}";
        }
        if (!declared.contains(ref.port())) {
            String near = Suggestions.nearest(ref.port(), declared);
            return "service " + ref.service() + " has no port \"" + ref.port() + "\"" + (near != null
                    ? "; did you mean ${port." + ref.service() + "." + near + "}?"
                    : "; its ports: " + (declared.isEmpty() ? "none" : String.join(", ", new TreeSet<>(declared))));
        }
        if (!dependsOn.contains(ref.service())) {
            return "add \"" + ref.service() + "\" to dependsOn, so that " + ref.service()
                    + " starts first and its port is known";
        }
        return null;
    }
}
