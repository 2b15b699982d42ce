package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;

/** The effective config as JSON, every default filled in, for people and scripts to read. */
final class ConfigJson {
    private ConfigJson() {
    }

    static String of(SystemConfig c) {
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
            new java.util.TreeMap<>(s.ports()).forEach((k, v) -> ports.addProperty(k, v.toString()));
            o.add("ports", ports);
            o.addProperty("checks", s.checks().size());
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
        return CheckConfigTool.pretty(root);
    }
}
