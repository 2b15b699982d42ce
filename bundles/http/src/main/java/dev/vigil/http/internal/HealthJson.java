package dev.vigil.http.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckHealth;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.ServiceHealth;
import dev.vigil.api.status.ServiceEntry;
import dev.vigil.api.status.SystemStatus;
import dev.vigil.api.status.Verdict;

/**
 * The system's status in the {@code application/health+json} form of the IETF draft "Health
 * Check Response Format for HTTP APIs": {@code status} pass, warn or fail (the StatusService's
 * verdict), and {@code checks} keyed by service, each an array of the service itself then one
 * object per check (status, latency as {@code observedValue} in ms, {@code time} of its last
 * result). The host ({@code system}) is listed but, as everywhere, never sets the status.
 */
final class HealthJson {
    static final String MEDIA_TYPE = "application/health+json";

    private HealthJson() {
    }

    static JsonObject system(SystemStatus status) {
        JsonObject root = new JsonObject();
        root.addProperty("status", status.verdict().label());
        root.addProperty("description", "Vigil: every supervised service and its checks");
        if (!status.notices().isEmpty()) {
            JsonArray notes = new JsonArray();
            status.notices().forEach(notes::add);
            root.add("notes", notes);
        }
        JsonObject checks = new JsonObject();
        for (ServiceEntry e : status.services()) {
            checks.add(e.name(), service(e, status));
        }
        if (status.host() != null) {
            checks.add(status.host().service(), host(status.host()));
        }
        root.add("checks", checks);
        return root;
    }

    static JsonObject one(ServiceEntry e, SystemStatus status) {
        JsonObject root = new JsonObject();
        root.addProperty("status", e.verdict().label());
        root.addProperty("serviceId", e.name());
        JsonObject checks = new JsonObject();
        checks.add(e.name(), service(e, status));
        root.add("checks", checks);
        return root;
    }

    static JsonObject host(SystemStatus status) {
        JsonObject root = new JsonObject();
        root.addProperty("status", label(status.host().status()));
        root.addProperty("serviceId", status.host().service());
        JsonObject checks = new JsonObject();
        checks.add(status.host().service(), host(status.host()));
        root.add("checks", checks);
        return root;
    }

    private static JsonArray service(ServiceEntry e, SystemStatus status) {
        JsonArray list = new JsonArray();
        JsonObject self = new JsonObject();
        self.addProperty("componentId", e.name());
        self.addProperty("componentType", "service");
        self.addProperty("status", e.verdict().label());
        self.addProperty("observedValue", e.process().state().name());
        ServiceHealth h = e.health();
        self.addProperty("time", (h != null ? h.since() : status.at()).toString());
        String output = h != null && !h.cause().isEmpty() ? h.cause() : e.process().message();
        if (e.verdict() != Verdict.PASS && output != null && !output.isEmpty()) {
            self.addProperty("output", output);
        }
        list.add(self);
        if (h != null) {
            h.checks().forEach(c -> list.add(check(e.name(), c)));
        }
        return list;
    }

    private static JsonArray host(ServiceHealth h) {
        JsonArray list = new JsonArray();
        JsonObject self = new JsonObject();
        self.addProperty("componentId", h.service());
        self.addProperty("componentType", "system");
        self.addProperty("status", label(h.status()));
        self.addProperty("time", h.since().toString());
        if (!h.cause().isEmpty()) {
            self.addProperty("output", h.cause());
        }
        list.add(self);
        h.checks().forEach(c -> list.add(check(h.service(), c)));
        return list;
    }

    private static JsonObject check(String service, CheckHealth c) {
        JsonObject o = new JsonObject();
        o.addProperty("componentId", service);
        o.addProperty("componentType", "check");
        o.addProperty("checkName", c.name());
        o.addProperty("checkType", c.type());
        o.addProperty("status", label(c.status()));
        o.addProperty("critical", c.critical());
        if (!c.recent().isEmpty()) {
            CheckResult last = c.recent().get(c.recent().size() - 1);
            o.addProperty("observedValue", last.latency().toNanos() / 1_000_000.0);
            o.addProperty("observedUnit", "ms");
            o.addProperty("time", last.time().toString());
            if (c.status() != HealthStatus.UP && !last.message().isEmpty()) {
                o.addProperty("output", last.message());
            }
        } else {
            o.addProperty("output", "no result yet");
        }
        return o;
    }

    /** A health status in the draft's words: UP pass, DEGRADED and UNKNOWN warn, DOWN fail. */
    static String label(HealthStatus s) {
        return switch (s) {
            case UP -> "pass";
            case DEGRADED, UNKNOWN -> "warn";
            case DOWN -> "fail";
        };
    }

    /** 503 for fail, 200 for pass and warn. */
    static int httpStatus(String label) {
        return label.equals("fail") ? 503 : 200;
    }
}
