package dev.vigil.config.internal;

import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each alert sink type accepts; a value it cannot use is an error here, not at the first
 * incident. The shipped types (webhook, exec) are judged key by key; a type a bundle adds is
 * only looked for among those installed, as its bundle may arrive later.
 */
final class AlertSinks {
    /** The sink that gets every alert without being configured. */
    static final String LOG = "log";
    /** The sink types that ship with Vigil and can be listed in {@code alerts}. */
    static final Set<String> SHIPPED = Set.of("webhook", "exec");
    static final Map<String, Set<String>> KEYS = Map.of(
            "webhook", Set.of("url", "format", "timeout"),
            "exec", Set.of("command", "timeout"));
    static final Set<String> FORMATS = Set.of("json", "alertmanager");
    private static final String AM_PATH = "/api/v2/alerts";
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private AlertSinks() {
    }

    /**
     * @param at   the sink's path, such as {@code alerts[0]}
     * @param sink the sink's JSON object, {@code type} included
     */
    static void audit(Fields f, Installed installed, String at, String type, JsonObject sink) {
        if (type.equals(LOG)) {
            f.error(at + ".type", "the log gets every alert already, it needs no entry; remove this one, or name"
                    + " another sink type: " + String.join(", ", new TreeSet<>(installed.sinkTypes())));
            return;
        }
        Set<String> keys = KEYS.get(type);
        if (keys == null) {
            if (!installed.sinkTypes().contains(type)) {
                String near = Suggestions.nearest(type, installed.sinkTypes());
                f.warning(at + ".type", "no alert sink type \"" + type + "\" " + installed.where() + "; unless a bundle"
                        + " dropped into deploy/ provides it, alerts for this sink wait and are dropped after the"
                        + " retries (" + installed.label() + ": " + String.join(", ", new TreeSet<>(installed.sinkTypes()))
                        + ")" + (near == null ? "" : "; did you mean \"" + near + "\"?"));
            }
            return;
        }
        Set<String> near = new HashSet<>(keys);
        near.addAll(ConfigKeys.ALERT);
        for (String key : sink.keySet()) {
            if (!keys.contains(key) && !ConfigKeys.ALERT.contains(key)) {
                String n = Suggestions.nearest(key, near);
                f.warning(at + "." + key, "unknown key for " + (type.matches("[aeiou].*") ? "an" : "a") + " \"" + type
                        + "\" sink, ignored; it reads "
                        + String.join(", ", new TreeSet<>(keys)) + (n == null ? "" : "; did you mean \"" + n + "\"?"));
            }
        }
        if (type.equals("webhook")) {
            webhook(f, at, sink);
        } else {
            exec(f, at, sink);
        }
        Duration timeout = f.positiveDuration(sink, at + ".timeout", "timeout", Duration.ofSeconds(1));
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            f.error(at + ".timeout", "at most " + Durations.format(MAX_TIMEOUT) + ": a sink that takes longer holds"
                    + " back every later alert of its queue; found " + Durations.format(timeout));
        }
    }

    private static void webhook(Fields f, String at, JsonObject sink) {
        String format = f.string(sink, at + ".format", "format", "json");
        if (!FORMATS.contains(format)) {
            String n = Suggestions.nearest(format, FORMATS);
            f.error(at + ".format", "expected \"json\" (Vigil's own alert JSON) or \"alertmanager\" (an Alertmanager"
                    + " v2 payload), found \"" + format + "\"" + (n == null ? "" : "; did you mean \"" + n + "\"?"));
        }
        int before = f.count();
        String url = f.string(sink, at + ".url", "url", null);
        if (url == null) {
            if (f.count() == before) {
                f.error(at + ".url", "missing; give the full URL the alerts are POSTed to, e.g. \""
                        + ("alertmanager".equals(format) ? "http://127.0.0.1:9093/api/v2/alerts"
                        : "http://127.0.0.1:8080/alerts") + "\"");
            }
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            f.error(at + ".url", "not a URL (" + e.getReason() + " at index " + e.getIndex() + "); expected one such as"
                    + " \"http://127.0.0.1:8080/alerts\", found \"" + url + "\"");
            return;
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))
                || uri.getHost() == null) {
            f.error(at + ".url", "expected an http:// or https:// URL with a host, such as"
                    + " \"http://127.0.0.1:8080/alerts\", found \"" + url + "\"");
            return;
        }
        if ("alertmanager".equals(format) && !uri.getRawPath().endsWith(AM_PATH)) {
            f.warning(at + ".url", "Alertmanager takes alerts at " + AM_PATH + ", and this URL's path is \""
                    + uri.getRawPath() + "\"; did you mean \"" + uri.getScheme() + "://" + uri.getRawAuthority() + AM_PATH
                    + "\"?");
        }
    }

    private static void exec(Fields f, String at, JsonObject sink) {
        int before = f.count();
        java.util.List<String> command = f.strings(sink, at + ".command", "command", true);
        if (command == null || f.count() > before) {
            return;
        }
        if (command.isEmpty()) {
            f.error(at + ".command", "is empty; give the program and its arguments, e.g. [\"/usr/local/bin/page\","
                    + " \"--team\", \"ops\"]");
        } else if (command.get(0).isBlank()) {
            f.error(at + ".command[0]", "the program is empty; name it, e.g. \"/usr/local/bin/page\"");
        }
    }
}
