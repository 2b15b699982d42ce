package dev.vigil.config.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.vigil.api.HttpSettings;
import dev.vigil.api.port.PortSpec;
import java.net.InetAddress;

/** Reads {@code system.http}: whether the daemon serves HTTP, on which address and port. */
final class HttpSection {
    /** A bare port number may move this far up when it is taken. */
    private static final int SPAN = 29;

    private HttpSection() {
    }

    static HttpSettings read(Fields f, JsonObject http) {
        HttpSettings base = HttpSettings.DEFAULT;
        if (http == null) {
            return base;
        }
        f.unknownKeys(http, "system.http", ConfigKeys.HTTP);
        boolean enabled = f.bool(http, "system.http.enabled", "enabled", true);
        String bind = f.string(http, "system.http.bind", "bind", base.bind());
        if (bind != null && !literalAddress(bind)) {
            f.error("system.http.bind", "expected an IP address such as 127.0.0.1 or ::1, found \"" + bind
                    + "\"; host names are not resolved here");
            bind = base.bind();
        }
        PortSpec port = base.port();
        JsonElement given = http.get("port");
        if (given != null && !given.isJsonNull()) {
            PortSpec read = f.port(given, "system.http.port");
            if (read != null) {
                port = read.preferred() != 0 && !read.hasRange() && given.isJsonPrimitive()
                        && given.getAsJsonPrimitive().isNumber()
                        ? new PortSpec(read.preferred(), read.preferred(), Math.min(65535, read.preferred() + SPAN))
                        : read;
            }
        }
        if (bind != null && !isLoopback(bind)) {
            f.warning("system.http.bind", bind + " is not a loopback address: /health, /metrics and the status page "
                    + "are then readable from the network (changes still need the token in data/http.token)");
        }
        return new HttpSettings(enabled, bind == null ? base.bind() : bind, port);
    }

    private static boolean literalAddress(String text) {
        return text.matches("[0-9.]+") && text.split("\\.", -1).length == 4 && valid(text)
                || text.contains(":") && text.matches("[0-9a-fA-F:.]+") && valid(text);
    }

    private static boolean valid(String text) {
        try {
            InetAddress.getByName(text);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLoopback(String text) {
        try {
            return InetAddress.getByName(text).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
