package dev.vigil.config.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.vigil.api.CheckSpec;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.port.PortSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code "instances": N}: a service run as N copies named {@code NAME#1} … {@code NAME#N}.
 * Each copy is a service of its own to everything downstream (its process, ports, log,
 * checks, restarts and history); only {@code dependsOn} and {@code ${port.SERVICE.NAME}}
 * of other services still name the service as written, and mean all of its copies.
 */
final class Instances {
    /** More copies than any host runs of one program; a larger number is a typo. */
    static final int MAX = 1000;
    static final String KEY = "instances";
    /** The placeholder of a copy's number, filled in per copy. */
    static final String PLACEHOLDER = "${instance}";
    /** The variable each copy finds its number in. */
    static final String VARIABLE = "VIGIL_INSTANCE";

    private Instances() {
    }

    /** The number of copies written for a service, or null when it has no {@code instances} (or a wrong one, reported). */
    static Integer read(Fields f, JsonObject svc, String path) {
        JsonElement e = svc.get(KEY);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        String at = path + "." + KEY;
        String found = "expected a whole number of copies 1-" + MAX + ", found " + Fields.describe(e);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            boolean quoted = e.isJsonPrimitive() && e.getAsString().trim().matches("\\d{1,4}");
            f.error(at, found + (quoted ? "; write the number without quotes" : ""));
            return null;
        }
        java.math.BigDecimal n = e.getAsBigDecimal();
        if (n.signum() <= 0) {
            f.error(at, found + "; to keep the service defined but not running, write \"autostart\": false");
            return null;
        }
        if (n.stripTrailingZeros().scale() > 0 || n.compareTo(java.math.BigDecimal.valueOf(MAX)) > 0) {
            f.error(at, found);
            return null;
        }
        return n.intValueExact();
    }

    /** Every port of a service with {@code n} copies must have room for one per copy. */
    static void checkPorts(Fields f, String path, Map<String, PortSpec> ports, int n) {
        for (Map.Entry<String, PortSpec> p : new TreeMap<>(ports).entrySet()) {
            PortSpec spec = p.getValue();
            String at = path + ".ports." + p.getKey();
            if (spec.hasRange() && spec.high() - spec.low() + 1 < n) {
                f.error(at + ".range", "holds " + (spec.high() - spec.low() + 1) + " port(s), but " + n
                        + " instances need one each; widen it, e.g. \"" + spec.low() + "-"
                        + Math.min(65535, spec.low() + n - 1) + "\"");
            } else if (!spec.hasRange() && spec.preferred() != 0 && n > 1) {
                f.error(at, "port " + spec.preferred() + " is one port, but " + n + " instances need one each;"
                        + " give a range, e.g. {\"preferred\": " + spec.preferred() + ", \"range\": \""
                        + spec.preferred() + "-" + Math.min(65535, spec.preferred() + n - 1) + "\"}, or \"auto\"");
            }
        }
    }

    /** The copies of {@code def}, in order: each with its name, number and its own preferred ports. */
    static List<ServiceDefinition> expand(ServiceDefinition def, int n) {
        List<ServiceDefinition> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String number = Integer.toString(i);
            Map<String, String> env = new LinkedHashMap<>();
            def.env().forEach((k, v) -> env.put(k, v.replace(PLACEHOLDER, number)));
            env.put(VARIABLE, number);
            Map<String, PortSpec> ports = new LinkedHashMap<>();
            for (Map.Entry<String, PortSpec> p : def.ports().entrySet()) {
                ports.put(p.getKey(), portOf(p.getValue(), i));
            }
            List<CheckSpec> checks = def.checks().stream().map(c -> new CheckSpec(c.type(), c.name(), c.interval(),
                    c.retryInterval(), c.timeout(), c.failureThreshold(), c.successThreshold(), c.startPeriod(),
                    c.critical(), fill(c.parameters(), number))).toList();
            out.add(new ServiceDefinition(ServiceDefinition.instanceName(def.name(), i),
                    def.command().stream().map(a -> a.replace(PLACEHOLDER, number)).toList(), def.workingDir(), env,
                    ports, checks, def.dependsOn(), def.recovery(), def.verifyTimeout(), def.restart(),
                    def.stopTimeout(), def.autostart(), def.origin(), def.user(), def.group(), def.log()));
        }
        return out;
    }

    /**
     * Copy {@code i} prefers the i-th port of the range from the preferred one on (wrapping
     * round), so that copies do not all queue for one number; any free port of the range
     * is still theirs when that one is taken.
     */
    private static PortSpec portOf(PortSpec spec, int i) {
        if (!spec.hasRange() || spec.preferred() == 0) {
            return spec;
        }
        int size = spec.high() - spec.low() + 1;
        return new PortSpec(spec.low() + Math.floorMod(spec.preferred() - spec.low() + i - 1, size), spec.low(),
                spec.high());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fill(Map<String, Object> parameters, String number) {
        return (Map<String, Object>) fillValue(parameters, number);
    }

    private static Object fillValue(Object value, String number) {
        if (value instanceof String s) {
            return s.replace(PLACEHOLDER, number);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> fillValue(v, number)).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, fillValue(v, number)));
            return out;
        }
        return value;
    }
}
