package dev.vigil.config.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.vigil.api.HistorySettings;
import dev.vigil.api.HttpSettings;
import dev.vigil.api.alert.AlertSpec;
import dev.vigil.api.CheckSpec;
import dev.vigil.api.LogPolicy;
import dev.vigil.api.RestartPolicy;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.port.PortSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a {@code vigil.json} into a {@link SystemConfig}, or fails with every problem found.
 * It never returns part of a config. Unknown keys are warnings, returned through
 * {@link #warnings()}.
 */
public final class ConfigReader {
    /** Bigger than any real config by far; a larger file is a mistake, not a config. */
    public static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Map<String, String> fixed;
    private final Function<String, String> environment;
    private final List<String> warnings = new ArrayList<>();
    private Host host;
    private Installed installed = Installed.SHIPPED;
    private Map<String, Integer> scaled = Map.of();
    private final Map<String, Integer> instancesWritten = new LinkedHashMap<>();

    /**
     * @param home        the Vigil installation, for {@code ${vigil.home}}
     * @param java        the java executable, for {@code ${vigil.java}}
     * @param environment looks up environment variables, for {@code ${env:NAME}}
     */
    public ConfigReader(Path home, Path java, Function<String, String> environment) {
        this.fixed = Map.of("vigil.home", home.toString(), "vigil.java", java.toString());
        this.environment = environment;
    }

    /** Also warns of what this host lacks (users, programs, folders); for check-config, not the daemon. */
    ConfigReader checkingHost(Host host) {
        this.host = host;
        return this;
    }

    /** Checks check types, their parameters and recovery names against what is installed; returns this reader. */
    ConfigReader against(Installed installed) {
        this.installed = installed;
        return this;
    }

    /**
     * Runs {@code counts} copies of the services named in place of the {@code instances} the
     * config gives them (those it gives none keep theirs); returns this reader.
     */
    public ConfigReader scaled(Map<String, Integer> counts) {
        this.scaled = Map.copyOf(counts);
        return this;
    }

    /** The {@code instances} each service of the last config read has as written, for those that have it. */
    public Map<String, Integer> instancesWritten() {
        return Map.copyOf(instancesWritten);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** A config as read: the validated result and the merged JSON it came from (placeholders intact). */
    public record Loaded(SystemConfig config, JsonObject effective) {
    }

    /** Reads and validates a file. */
    public SystemConfig read(Path file) throws ConfigException {
        return load(file, null).config();
    }

    /**
     * Reads a file and, when {@code profile} is given, lays {@code <name>.<profile>.json} from
     * the same folder over it; validates the result. Relative working directories are
     * resolved against the file's folder.
     */
    public Loaded load(Path file, String profile) throws ConfigException {
        JsonDocument doc = JsonDocument.parse(file.toString(), ConfigFile.read(file));
        if (profile != null && !profile.isEmpty()) {
            Path overlay = overlayOf(file, profile);
            if (!Files.exists(overlay)) {
                throw JsonDocument.problem(overlay.toString(), Position.UNKNOWN, "profile \"" + profile
                        + "\" was asked for but this file does not exist; create it or drop the profile");
            }
            doc = JsonDocument.merge(doc, JsonDocument.parse(overlay.toString(), ConfigFile.read(overlay)));
        }
        String origin = origin(file, profile);
        SystemConfig config = validate(doc, file.toAbsolutePath().normalize().getParent(), origin, Map.of());
        return new Loaded(config, doc.root().getAsJsonObject());
    }

    /** What the services of a file, read with a profile (or none: null or empty), have as their origin. */
    static String origin(Path file, String profile) {
        return "file:" + file.toAbsolutePath().normalize()
                + (profile == null || profile.isEmpty() ? "" : " (profile " + profile + ")");
    }

    /** The overlay file of a profile: {@code vigil.prod.json} next to {@code vigil.json}. */
    public static Path overlayOf(Path file, String profile) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return file.resolveSibling(stem + "." + profile + ".json");
    }

    /** Reads and validates JSON text; relative working directories are resolved against {@code baseDir}. */
    public SystemConfig read(String fileName, byte[] bytes, Path baseDir, String origin) throws ConfigException {
        return validate(JsonDocument.parse(fileName, bytes), baseDir, origin, Map.of());
    }

    /**
     * Reads the services a bundle carries, in the config format; their {@code dependsOn}, and
     * their {@code ${port.SERVICE.NAME}}, may name {@code external} services (those already
     * defined elsewhere).
     */
    public SystemConfig readServices(String fileName, byte[] bytes, Path baseDir, String origin,
                                     Map<String, ServiceDefinition> external) throws ConfigException {
        if (bytes.length > MAX_BYTES) {
            throw JsonDocument.problem(fileName, Position.UNKNOWN, "more than " + MAX_BYTES + " bytes");
        }
        return validate(JsonDocument.parse(fileName, bytes), baseDir, origin, external);
    }

    private SystemConfig validate(JsonDocument doc, Path baseDir, String origin,
                                  Map<String, ServiceDefinition> external) throws ConfigException {
        Fields f = new Fields(doc, warnings);
        JsonObject root = f.object(doc.root(), "");
        if (root == null) {
            throw f.failure();
        }
        f.unknownKeys(root, "", ConfigKeys.ROOT);
        Launchable.noNul(f, root, "");
        JsonObject system = f.optionalObject(root, "system");
        String systemName = "vigil";
        HttpSettings http = HttpSettings.DEFAULT;
        HistorySettings history = HistorySettings.DEFAULT;
        if (system != null) {
            f.unknownKeys(system, "system", ConfigKeys.SYSTEM);
            systemName = f.string(system, "system.name", "name", "vigil");
            http = HttpSection.read(f, f.optionalObject(system, "system.http", "http"));
            history = HistorySection.read(f, f.optionalObject(system, "system.history", "history"));
        }
        List<AlertSpec> alerts = AlertList.read(f, root, installed);
        JsonObject defaults = f.optionalObject(root, "defaults");
        if (defaults != null) {
            f.unknownKeys(defaults, "defaults", ConfigKeys.DEFAULTS);
        }
        CheckSpec checkDefaults = Checks.defaults(f, defaults == null ? null
                : f.optionalObject(defaults, "defaults.check", "check"));
        JsonObject defaultRestart = defaults == null ? null : f.optionalObject(defaults, "defaults.restart", "restart");
        RestartPolicy baseRestart = restart(f, defaultRestart, "defaults.restart", RestartPolicy.DEFAULT);
        Duration baseStop = defaults == null ? Duration.ofSeconds(10)
                : f.duration(defaults, "defaults.stopTimeout", "stopTimeout", Duration.ofSeconds(10));
        JsonObject defaultRecovery = defaults == null ? null : f.optionalObject(defaults, "defaults.recovery", "recovery");
        Duration baseVerify = ServiceDefinition.DEFAULT_VERIFY_TIMEOUT;
        if (defaultRecovery != null) {
            f.unknownKeys(defaultRecovery, "defaults.recovery", ConfigKeys.RECOVERY);
            baseVerify = f.positiveDuration(defaultRecovery, "defaults.recovery.verifyTimeout", "verifyTimeout", baseVerify);
        }
        RunAs baseRunAs = defaults == null ? RunAs.DAEMONS_OWN : RunAs.read(f, defaults, "defaults", RunAs.DAEMONS_OWN);
        LogPolicy baseLog = defaults == null ? LogPolicy.DEFAULT
                : LogPolicies.read(f, defaults, "defaults.log", LogPolicy.DEFAULT);
        ServiceDefaults base = new ServiceDefaults(baseRestart, baseStop, baseVerify, checkDefaults, baseRunAs, baseLog);

        JsonObject services = f.optionalObject(root, "services");
        // null counts as absent, as everywhere else; only a non-object was reported already.
        if (services == null && (root.get("services") == null || root.get("services").isJsonNull())) {
            f.error("services", "missing; a config needs a \"services\" object, even an empty one");
        }
        Map<String, ServiceDefinition> read = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        instancesWritten.clear();
        Placeholders placeholders = new Placeholders(fixed, environment);
        if (services != null) {
            for (Map.Entry<String, JsonElement> e : services.entrySet()) {
                String path = "services." + e.getKey();
                if (!NAME.matcher(e.getKey()).matches()) {
                    f.error(path, "a service name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
                    continue;
                }
                if (Launchable.reservedName(f, e.getKey(), path)) {
                    continue;
                }
                JsonObject svc = f.object(e.getValue(), path);
                if (svc != null) {
                    Integer written = Instances.read(f, svc, path);
                    if (written != null) {
                        instancesWritten.put(e.getKey(), written);
                    }
                    Integer copies = written == null ? null : scaled.getOrDefault(e.getKey(), written);
                    ServiceDefinition def = service(f, e.getKey(), svc, path, baseDir, base, placeholders, origin);
                    if (def != null && copies != null) {
                        Instances.checkPorts(f, path, def.ports(), copies);
                        counts.put(e.getKey(), copies);
                    }
                    if (def != null) {
                        read.put(e.getKey(), def);
                    }
                }
            }
        }
        // Names and cycles are checked even when a service had other errors, so one pass tells all.
        // A service defined elsewhere with instances is named, as here, by its name as written.
        Set<String> externalNames = new java.util.TreeSet<>();
        external.keySet().forEach(n -> externalNames.add(ServiceDefinition.groupOf(n)));
        Map<String, ServiceDefinition> ordered = new StartOrder(f).sort(read, services == null ? Set.of()
                : services.keySet(), externalNames);
        new PortClashes(f).check(read);
        new PortReferences(f).check(placeholders.otherPorts(), services, external);
        if (host != null && f.count() == 0) {
            new HostChecks(f, host).check(read, services);
        }
        f.throwIfAny();
        Map<String, ServiceDefinition> running = new LinkedHashMap<>();
        ordered.forEach((name, def) -> {
            Integer copies = counts.get(name);
            if (copies == null) {
                running.put(name, def);
            } else {
                Instances.expand(def, copies).forEach(copy -> running.put(copy.name(), copy));
            }
        });
        Map<String, Integer> scaledFrom = new LinkedHashMap<>();
        counts.forEach((name, copies) -> {
            Integer written = instancesWritten.get(name);
            if (written != null && !written.equals(copies)) {
                scaledFrom.put(name, written);
            }
        });
        return new SystemConfig(systemName, origin, running, List.of(), http, alerts, history, scaledFrom);
    }

    /** What a service gets from {@code defaults} unless it says otherwise. */
    private record ServiceDefaults(RestartPolicy restart, Duration stopTimeout, Duration verifyTimeout, CheckSpec check,
                                   RunAs runAs, LogPolicy log) {
    }

    private ServiceDefinition service(Fields f, String name, JsonObject svc, String path, Path baseDir,
                                      ServiceDefaults base, Placeholders placeholders, String origin) {
        int before = f.count();
        f.unknownKeys(svc, path, ConfigKeys.SERVICE);
        Map<String, PortSpec> ports = f.ports(svc, path + ".ports");
        Placeholders.Scope portNames = new Placeholders.Scope(name, PortReferences.declared(svc),
                svc.has(Instances.KEY));
        List<String> rawCommand = f.strings(svc, path + ".command", "command", true);
        if (rawCommand != null && rawCommand.isEmpty()) {
            f.error(path + ".command", "is empty; give the program and its arguments, e.g. [\"python3\", \"app.py\"]");
        }
        Launchable.program(f, rawCommand, path + ".command");
        List<String> command = new ArrayList<>();
        if (rawCommand != null) {
            for (int i = 0; i < rawCommand.size(); i++) {
                command.add(f.expand(placeholders, rawCommand.get(i), portNames, path + ".command[" + i + "]"));
            }
        }
        String cwd = f.string(svc, path + ".cwd", "cwd", null);
        Launchable.envNames(f, svc, path + ".env");
        Map<String, String> env = new LinkedHashMap<>();
        f.stringMap(svc, path + ".env").forEach((k, v) ->
                env.put(k, f.expand(placeholders, v, portNames, path + ".env." + k)));
        List<CheckSpec> checks = Checks.read(f, svc, path + ".checks", base.check(), placeholders, portNames, installed);
        List<String> dependsOn = f.strings(svc, path + ".dependsOn", "dependsOn", false);
        List<String> recovery = RecoveryList.read(f, svc, path + ".recovery", installed);
        Duration verify = f.positiveDuration(svc, path + ".verifyTimeout", "verifyTimeout", base.verifyTimeout());
        JsonObject restartObj = f.optionalObject(svc, path + ".restart", "restart");
        RestartPolicy restart = restart(f, restartObj, path + ".restart", base.restart());
        Duration stop = f.duration(svc, path + ".stopTimeout", "stopTimeout", base.stopTimeout());
        boolean autostart = f.bool(svc, path + ".autostart", "autostart", true);
        RunAs runAs = RunAs.read(f, svc, path, base.runAs());
        LogPolicy log = LogPolicies.read(f, svc, path + ".log", base.log());
        if (f.count() > before || command.isEmpty() || cwd != null && cwd.indexOf('\0') >= 0) {
            return null;
        }
        Path dir = cwd == null ? baseDir : baseDir.resolve(cwd).normalize();
        return new ServiceDefinition(name, command, dir, env, ports, checks, dependsOn == null ? List.of() : dependsOn,
                recovery, verify, restart, stop, autostart, origin, runAs.user(), runAs.group(), log);
    }

    private RestartPolicy restart(Fields f, JsonObject obj, String path, RestartPolicy base) {
        if (obj == null) {
            return base;
        }
        f.unknownKeys(obj, path, ConfigKeys.RESTART);
        Duration min = base.minBackoff();
        Duration max = base.maxBackoff();
        String backoff = f.string(obj, path + ".backoff", "backoff", null);
        if (backoff != null) {
            String[] parts = backoff.split("\\.\\.", -1);
            Duration a = parts.length == 2 ? Durations.parse(parts[0]) : null;
            Duration b = parts.length == 2 ? Durations.parse(parts[1]) : null;
            if (a == null || b == null || b.compareTo(a) < 0) {
                f.error(path + ".backoff", "expected MIN..MAX such as \"1s..60s\" with MIN <= MAX, found \"" + backoff + "\"");
            } else if (a.compareTo(RestartPolicy.MIN_BACKOFF) < 0) {
                Duration fixMax = b.compareTo(RestartPolicy.MIN_BACKOFF) < 0 ? RestartPolicy.MIN_BACKOFF : b;
                f.error(path + ".backoff", "the minimum " + Durations.format(a) + " is below "
                        + Durations.format(RestartPolicy.MIN_BACKOFF) + ", which would let a crash loop restart many"
                        + " times a second; write at least \"" + Durations.format(RestartPolicy.MIN_BACKOFF) + ".."
                        + Durations.format(fixMax) + "\"");
            } else {
                min = a;
                max = b;
            }
        }
        int maxRestarts = f.integer(obj, path + ".maxRestarts", "maxRestarts", base.maxRestarts(), 0, 1_000_000);
        Duration window = f.duration(obj, path + ".window", "window", base.window());
        Duration stable = f.duration(obj, path + ".stableAfter", "stableAfter", base.stableAfter());
        return new RestartPolicy(min, max, maxRestarts, window, stable);
    }

    static JsonArray arrayOrNull(JsonElement e) {
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : null;
    }
}
