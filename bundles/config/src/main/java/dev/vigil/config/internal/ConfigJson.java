package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.vigil.api.CheckSpec;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.port.PortSpec;

/** The effective config as JSON, every default filled in, for people and scripts to read. */
final class ConfigJson {
    private ConfigJson() {
    }

    static String of(SystemConfig c) {
        return of(c, java.util.Map.of());
    }

    /** With {@code "scaled"}: the services run with other copies than the file's {@code instances}. */
    static String of(SystemConfig c, java.util.Map<String, ScaleOverrides.Scale> scales) {
        JsonObject root = new JsonObject();
        root.addProperty("name", c.name());
        root.addProperty("source", c.source());
        JsonArray notices = new JsonArray();
        c.notices().forEach(notices::add);
        root.add("notices", notices);
        JsonObject services = new JsonObject();
        for (ServiceDefinition s : c.startOrder()) {
            JsonObject o = new JsonObject();
            JsonArray command = new JsonArray();
            s.command().forEach(command::add);
            o.add("command", command);
            o.addProperty("cwd", s.workingDir().toString());
            JsonObject env = new JsonObject();
            new java.util.TreeMap<>(s.env()).forEach(env::addProperty);
            o.add("env", env);
            JsonObject ports = new JsonObject();
            new java.util.TreeMap<>(s.ports()).forEach((k, v) -> ports.add(k, port(v)));
            o.add("ports", ports);
            JsonArray checks = new JsonArray();
            s.checks().forEach(spec -> checks.add(check(spec)));
            o.add("checks", checks);
            JsonArray deps = new JsonArray();
            s.dependsOn().forEach(deps::add);
            o.add("dependsOn", deps);
            JsonArray recovery = new JsonArray();
            s.recovery().forEach(recovery::add);
            o.add("recovery", recovery);
            o.addProperty("verifyTimeout", Durations.format(s.verifyTimeout()));
            JsonObject restart = new JsonObject();
            restart.addProperty("backoff", Durations.format(s.restart().minBackoff()) + ".." + Durations.format(s.restart().maxBackoff()));
            restart.addProperty("maxRestarts", s.restart().maxRestarts());
            restart.addProperty("window", Durations.format(s.restart().window()));
            restart.addProperty("stableAfter", Durations.format(s.restart().stableAfter()));
            o.add("restart", restart);
            o.addProperty("stopTimeout", Durations.format(s.stopTimeout()));
            o.addProperty("autostart", s.autostart());
            if (s.user() != null) {
                o.addProperty("user", s.user());
            }
            if (s.group() != null) {
                o.addProperty("group", s.group());
            }
            JsonObject log = new JsonObject();
            log.addProperty("maxSize", LogPolicies.format(s.log().maxBytes()));
            log.addProperty("files", s.log().files());
            o.add("log", log);
            o.addProperty("origin", s.origin());
            services.add(s.name(), o);
        }
        root.add("services", services);
        JsonObject scaled = new JsonObject();
        new java.util.TreeMap<>(scales).forEach((name, sc) -> {
            JsonObject o = new JsonObject();
            o.addProperty("instances", sc.copies());
            o.addProperty("config", sc.configSays());
            scaled.add(name, o);
        });
        root.add("scaled", scaled);
        return CheckConfigTool.pretty(root);
    }

    /** A port as the config writes it: 8000, "auto", or {"preferred": 8000, "range": "8000-8099"}. */
    static JsonElement port(PortSpec p) {
        if (!p.hasRange()) {
            return p.preferred() == 0 ? new JsonPrimitive("auto") : new JsonPrimitive(p.preferred());
        }
        JsonObject o = new JsonObject();
        if (p.preferred() != 0) {
            o.addProperty("preferred", p.preferred());
        }
        o.addProperty("range", p.low() + "-" + p.high());
        return o;
    }

    /** A check as the config writes it, every common setting filled in, then its type's own parameters. */
    static JsonObject check(CheckSpec c) {
        JsonObject o = new JsonObject();
        o.addProperty("type", c.type());
        o.addProperty("name", c.name());
        new java.util.TreeMap<>(c.parameters()).forEach((k, v) -> o.add(k, value(v)));
        o.addProperty("interval", Durations.format(c.interval()));
        o.addProperty("retryInterval", Durations.format(c.retryInterval()));
        o.addProperty("timeout", Durations.format(c.timeout()));
        o.addProperty("failureThreshold", c.failureThreshold());
        o.addProperty("successThreshold", c.successThreshold());
        o.addProperty("startPeriod", Durations.format(c.startPeriod()));
        o.addProperty("critical", c.critical());
        return o;
    }

    /** A check parameter (String, Boolean, BigDecimal, List or Map) back as JSON. */
    private static JsonElement value(Object v) {
        if (v instanceof String str) {
            return new JsonPrimitive(str);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof java.util.List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(x -> a.add(value(x)));
            return a;
        }
        if (v instanceof java.util.Map<?, ?> map) {
            JsonObject o = new JsonObject();
            new java.util.TreeMap<>(map).forEach((k, x) -> o.add(String.valueOf(k), value(x)));
            return o;
        }
        return v == null ? com.google.gson.JsonNull.INSTANCE : new JsonPrimitive(String.valueOf(v));
    }
}
