package dev.vigil.runtime;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/** One {@code vigil status --json} report, read the way a script of the user's would read it. */
final class StatusJson {
    final int code;
    final String text;
    private final JsonObject root;

    private StatusJson(int code, String text) {
        this.code = code;
        this.text = text;
        JsonObject parsed = null;
        try {
            parsed = JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            // No daemon, or it printed an error: every lookup then finds nothing.
        }
        this.root = parsed;
    }

    static StatusJson of(Dist dist) {
        Dist.Result r = dist.vigil("status", "--json");
        return new StatusJson(r.code(), r.out() + r.err());
    }

    /** The service's entry, or null when the report does not list it. */
    JsonObject service(String name) {
        if (root == null) {
            return null;
        }
        for (JsonElement s : root.getAsJsonArray("services")) {
            if (s.getAsJsonObject().get("name").getAsString().equals(name)) {
                return s.getAsJsonObject();
            }
        }
        return null;
    }

    boolean lists(String name) {
        return service(name) != null;
    }

    String state(String name) {
        JsonObject s = service(name);
        return s == null ? "ABSENT" : s.get("state").getAsString();
    }

    long pid(String name) {
        JsonObject s = service(name);
        return s == null || s.get("pid").isJsonNull() ? -1 : s.get("pid").getAsLong();
    }

    /** The pid of each service, in the order given; each must have one. */
    java.util.Map<String, Long> pids(List<String> names) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (String s : names) {
            long pid = pid(s);
            if (pid <= 0) {
                throw new AssertionError(s + " has no pid: " + this);
            }
            out.put(s, pid);
        }
        return out;
    }

    String message(String name) {
        JsonObject s = service(name);
        return s == null ? "" : s.get("message").getAsString();
    }

    /** The service's health (UP, DEGRADED, UNKNOWN, DOWN), or "" when the report has none for it. */
    String health(String name) {
        JsonObject s = service(name);
        return s == null || !s.has("health") ? "" : s.get("health").getAsString();
    }

    /** The port the service was given under that name, or -1. */
    int port(String name, String portName) {
        JsonObject s = service(name);
        if (s == null || !s.has("ports") || !s.getAsJsonObject("ports").has(portName)) {
            return -1;
        }
        return s.getAsJsonObject("ports").get(portName).getAsInt();
    }

    /** The system's verdict, pass, warn or fail; "" when the report has none. */
    String verdict() {
        return root == null || !root.has("status") ? "" : root.get("status").getAsString();
    }

    List<String> notices() {
        List<String> out = new ArrayList<>();
        if (root != null && root.has("notices")) {
            root.getAsJsonArray("notices").forEach(n -> out.add(n.getAsString()));
        }
        return out;
    }

    boolean running(String... names) {
        for (String n : names) {
            if (!state(n).equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "exit " + code + ":\n" + text;
    }
}
