package dev.vigil.status.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.ServiceStatus;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.journal.RecoveryScore;
import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.status.PortEntry;
import dev.vigil.api.status.PortsStatus;
import dev.vigil.api.status.Scaled;
import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.SystemStatus;
import java.time.Duration;
import java.time.Instant;

/** The one JSON form of a status and of a port test, for the CLI and for HTTP alike. */
final class StatusJson {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private StatusJson() {
    }

    static String status(SystemStatus status) {
        Instant now = status.at();
        JsonObject root = new JsonObject();
        root.addProperty("status", status.verdict().label());
        root.addProperty("time", now.toString());
        JsonArray notes = new JsonArray();
        status.notices().forEach(notes::add);
        root.add("notices", notes);
        JsonArray list = new JsonArray();
        for (ServiceEntry e : status.services()) {
            list.add(service(e, now));
        }
        root.add("services", list);
        root.add("host", status.host() == null ? null : health(status.host()));
        JsonObject scaled = new JsonObject();
        for (Scaled sc : status.scaled()) {
            JsonObject o = new JsonObject();
            o.addProperty("copies", sc.copies());
            o.addProperty("configured", sc.configured());
            scaled.add(sc.service(), o);
        }
        root.add("scaled", scaled);
        return GSON.toJson(root) + "\n";
    }

    private static JsonObject service(ServiceEntry e, Instant now) {
        ServiceStatus s = e.process();
        JsonObject o = new JsonObject();
        o.addProperty("name", s.name());
        o.addProperty("verdict", e.verdict().label());
        o.addProperty("state", s.state().name());
        o.addProperty("pid", s.pid() > 0 ? s.pid() : null);
        o.addProperty("startedAt", s.started().map(Instant::toString).orElse(null));
        o.addProperty("uptimeSeconds", s.started().map(t -> Duration.between(t, now).toSeconds()).orElse(null));
        o.addProperty("restarts", s.restarts());
        o.addProperty("lastExit", s.lastExit());
        o.addProperty("message", s.message());
        o.addProperty("origin", s.origin());
        ServiceHealth h = e.health();
        if (h != null) {
            o.addProperty("health", h.status().name());
            o.addProperty("healthCause", h.cause());
            o.addProperty("healthSince", h.since().toString());
            o.addProperty("blockedBy", h.blockedBy());
            o.add("checks", checks(h));
        }
        JsonObject ports = new JsonObject();
        s.ports().forEach(ports::addProperty);
        o.add("ports", ports);
        JsonObject rec = new JsonObject();
        RecoveryScore score = e.recovery();
        rec.addProperty("attempts", score == null ? 0 : score.attempts());
        rec.addProperty("successes", score == null ? 0 : score.successes());
        rec.addProperty("successRate", score == null || score.attempts() == 0 ? null : score.successRate());
        rec.addProperty("mttrMillis", score == null || score.meanTimeToRecovery() == null ? null
                : score.meanTimeToRecovery().toMillis());
        rec.addProperty("active", e.recovering());
        o.add("recovery", rec);
        return o;
    }

    private static JsonObject health(ServiceHealth h) {
        JsonObject o = new JsonObject();
        o.addProperty("status", h.status().name());
        o.addProperty("cause", h.cause());
        o.addProperty("since", h.since().toString());
        o.add("checks", checks(h));
        return o;
    }

    private static JsonArray checks(ServiceHealth h) {
        JsonArray out = new JsonArray();
        for (CheckHealth c : h.checks()) {
            JsonObject o = new JsonObject();
            o.addProperty("name", c.name());
            o.addProperty("type", c.type());
            o.addProperty("status", c.status().name());
            o.addProperty("critical", c.critical());
            o.addProperty("consecutiveFailures", c.consecutiveFailures());
            JsonArray recent = new JsonArray();
            for (CheckResult r : c.recent()) {
                JsonObject x = new JsonObject();
                x.addProperty("status", r.status().name());
                x.addProperty("latencyMillis", r.latency().toNanos() / 1e6);
                x.addProperty("time", r.time().toString());
                x.addProperty("message", r.message());
                recent.add(x);
            }
            o.add("recent", recent);
            out.add(o);
        }
        return out;
    }

    static String ports(PortsStatus ports) {
        JsonObject root = new JsonObject();
        root.addProperty("status", ports.conflicts().isEmpty() ? "pass" : "fail");
        root.addProperty("time", ports.at().toString());
        JsonArray list = new JsonArray();
        for (PortEntry r : ports.entries()) {
            PortAssignment a = r.assignment();
            JsonObject o = new JsonObject();
            o.addProperty("service", a.service());
            o.addProperty("name", a.name());
            o.addProperty("port", a.port());
            o.addProperty("asked", a.spec().toString());
            o.addProperty("since", a.since().toString());
            o.addProperty("reason", a.reason());
            o.addProperty("answers", r.answers());
            o.addProperty("heldBy", r.heldBy());
            if (r.holder() != null) {
                JsonObject holder = new JsonObject();
                holder.addProperty("pid", r.holder().pid());
                holder.addProperty("user", r.holder().user());
                holder.addProperty("command", r.holder().commandLine());
                o.add("holder", holder);
            }
            list.add(o);
        }
        root.add("assignments", list);
        JsonArray c = new JsonArray();
        ports.conflicts().forEach(c::add);
        root.add("conflicts", c);
        JsonArray n = new JsonArray();
        ports.notes().forEach(n::add);
        root.add("notes", n);
        return GSON.toJson(root) + "\n";
    }
}
