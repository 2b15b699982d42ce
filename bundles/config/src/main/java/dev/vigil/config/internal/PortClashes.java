package dev.vigil.config.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.port.PortSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * Two services (or two ports of one) that insist on the same port number, with no range
 * to move to, can never both run: that is a config error, named with both parties.
 * Overlapping ranges are fine; the port allocator resolves them at start.
 */
final class PortClashes {
    private final Fields fields;

    PortClashes(Fields fields) {
        this.fields = fields;
    }

    void check(Map<String, ServiceDefinition> services) {
        Map<Integer, String> fixed = new HashMap<>();
        for (ServiceDefinition s : services.values()) {
            // By name: the definition's map has no stable order, and the message must not vary from run to run.
            for (Map.Entry<String, PortSpec> p : new java.util.TreeMap<>(s.ports()).entrySet()) {
                PortSpec spec = p.getValue();
                if (spec.preferred() == 0 || spec.hasRange()) {
                    continue;
                }
                String path = "services." + s.name() + ".ports." + p.getKey();
                String other = fixed.putIfAbsent(spec.preferred(), path);
                if (other != null) {
                    fields.error(path, "port " + spec.preferred() + " is also declared by " + other
                            + "; give one of them another port, a range or \"auto\"");
                }
            }
        }
    }
}
