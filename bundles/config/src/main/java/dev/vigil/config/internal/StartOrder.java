package dev.vigil.config.internal;

import dev.vigil.api.ServiceDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks {@code dependsOn} (known names, no cycles) and orders services so dependencies come first. */
final class StartOrder {
    private final Fields fields;

    StartOrder(Fields fields) {
        this.fields = fields;
    }

    /**
     * @param services the services that were read without error
     * @param declared every service name of the file, including those with errors
     * @param external services defined elsewhere that these may depend on
     */
    Map<String, ServiceDefinition> sort(Map<String, ServiceDefinition> services, Set<String> declared,
                                        Set<String> external) {
        Set<String> known = new java.util.TreeSet<>(declared);
        known.addAll(external);
        for (ServiceDefinition s : services.values()) {
            for (int i = 0; i < s.dependsOn().size(); i++) {
                String dep = s.dependsOn().get(i);
                if (!known.contains(dep)) {
                    String near = Suggestions.nearest(dep, known);
                    fields.error("services." + s.name() + ".dependsOn[" + i + "]", "unknown service \"" + dep + "\""
                            + (near == null ? "; defined services: " + String.join(", ", known)
                                            : "; did you mean \"" + near + "\"?"));
                } else if (dep.equals(s.name())) {
                    fields.error("services." + s.name() + ".dependsOn[" + i + "]", "a service cannot depend on itself");
                }
            }
        }
        if (fields.count() > 0) {
            return services;
        }
        Map<String, ServiceDefinition> ordered = new LinkedHashMap<>();
        Set<String> visiting = new HashSet<>();
        for (String name : services.keySet()) {
            visit(name, services, ordered, visiting, new ArrayList<>());
            if (fields.count() > 0) {
                break; // one cycle is reported once, not once per service in it
            }
        }
        return ordered;
    }

    private void visit(String name, Map<String, ServiceDefinition> all, Map<String, ServiceDefinition> ordered,
                       Set<String> visiting, List<String> trail) {
        if (ordered.containsKey(name)) {
            return;
        }
        trail.add(name);
        if (!visiting.add(name)) {
            List<String> cycle = trail.subList(trail.indexOf(name), trail.size());
            fields.error("services." + name + ".dependsOn", "dependency cycle " + String.join(" -> ", cycle)
                    + "; remove one of these dependencies");
            trail.remove(trail.size() - 1);
            return;
        }
        for (String dep : all.get(name).dependsOn()) {
            if (!all.containsKey(dep)) {
                continue; // defined elsewhere: already running before these
            }
            visit(dep, all, ordered, visiting, trail);
            if (fields.count() > 0) {
                break;
            }
        }
        visiting.remove(name);
        trail.remove(trail.size() - 1);
        if (fields.count() == 0) {
            ordered.put(name, all.get(name));
        }
    }
}
