package dev.vigil.config.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.port.PortSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The running configuration: the file's services, then those of each service bundle that
 * fits. A bundle whose services clash with what is already defined (a name, a fixed port)
 * or fail validation is refused whole, and the refusal becomes a notice naming the bundle.
 */
final class EffectiveConfig {
    /** The combined config, and the bundles that were refused with why. */
    record Result(SystemConfig config, Map<String, String> refused) {
    }

    private EffectiveConfig() {
    }

    static Result compose(SystemConfig file, List<String> fileNotices, List<ServiceBundles.Carried> bundles,
                          Supplier<ConfigReader> readers, Path home) {
        Map<String, ServiceDefinition> services = new LinkedHashMap<>(file.services());
        List<String> notices = new ArrayList<>(fileNotices);
        Map<String, String> refused = new LinkedHashMap<>();
        for (ServiceBundles.Carried b : bundles) {
            String problem = b.readError();
            SystemConfig carried = null;
            if (problem == null) {
                try {
                    carried = readers.get().readServices(b.name() + "!/" + b.resource(), b.json(), home, b.origin(),
                            services);
                    problem = clash(carried, services);
                } catch (ConfigException e) {
                    problem = e.getMessage().replace("\n", "; ");
                }
            }
            if (problem != null) {
                refused.put(b.name(), problem);
                notices.add("service bundle " + b.name() + " refused, its services are not started: " + problem);
            } else {
                services.putAll(carried.services());
            }
        }
        return new Result(file.with(services, notices), refused);
    }

    private static String clash(SystemConfig carried, Map<String, ServiceDefinition> existing) {
        for (ServiceDefinition s : carried.services().values()) {
            ServiceDefinition other = existing.get(s.name());
            if (other != null) {
                return "service \"" + s.name() + "\" is already defined by " + other.origin() + "; rename one of them";
            }
            for (Map.Entry<String, PortSpec> p : s.ports().entrySet()) {
                if (p.getValue().preferred() == 0 || p.getValue().hasRange()) {
                    continue;
                }
                for (ServiceDefinition e : existing.values()) {
                    for (Map.Entry<String, PortSpec> q : e.ports().entrySet()) {
                        if (q.getValue().preferred() == p.getValue().preferred() && !q.getValue().hasRange()) {
                            return "port " + p.getValue().preferred() + " of " + s.name() + "." + p.getKey()
                                    + " is also declared by " + e.name() + "." + q.getKey() + " (" + e.origin()
                                    + "); give one of them another port, a range or \"auto\"";
                        }
                    }
                }
            }
        }
        return null;
    }
}
