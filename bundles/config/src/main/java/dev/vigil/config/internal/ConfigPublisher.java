package dev.vigil.config.internal;

import dev.vigil.api.ConfigError;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.Topics;
import dev.vigil.api.recovery.ConfigControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the running configuration: loads the file named by {@code vigil.config} (with the
 * {@code vigil.profile} overlay), falls back to the last-known-good copy when the file is
 * unusable at start, watches the file and applies valid changes, refuses invalid ones,
 * and adds the services of service bundles. The result is registered as a
 * {@link SystemConfig} service, replaced whole on every change; with no usable config at
 * all, a {@link ConfigError} service says why instead. As {@link ConfigControl}, it lets
 * recovery put the last-known-good copy back in force; every change goes through one lock.
 */
@Component(service = {ConfigPublisher.class, ConfigControl.class}, immediate = true)
public final class ConfigPublisher implements ConfigControl {
    public static final String CONFIG_PROPERTY = "vigil.config";
    public static final String PROFILE_PROPERTY = "vigil.profile";
    static final Duration QUIET = Duration.ofMillis(300);
    private static final Logger LOG = LoggerFactory.getLogger(ConfigPublisher.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    private BundleContext context;
    private Path file;
    private String profile;
    private Path home;
    private Path java;
    private LastKnownGood lastGood;
    private FileWatch watch;
    private ServiceBundles bundles;
    private InstalledBundles installed;
    private ScaleOverrides overrides;
    private Map<String, ScaleOverrides.Scale> scales = Map.of();
    private Map<String, Integer> written = Map.of();

    private SystemConfig fromFile;
    private String fallbackReason;
    private String rejection;
    private SystemConfig published;
    private ServiceRegistration<?> registration;
    private int ranking;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        installed = new InstalledBundles(context);
        String path = context.getProperty(CONFIG_PROPERTY);
        profile = context.getProperty(PROFILE_PROPERTY);
        home = Path.of(orElse(context.getProperty("vigil.home"), "."));
        java = Path.of(orElse(context.getProperty("vigil.java"), "java"));
        Path data = Path.of(orElse(context.getProperty("vigil.data"), "data"));
        if (path == null) {
            refuse("(none)", "no config file given: the framework property " + CONFIG_PROPERTY
                    + " is not set; start Vigil with -c FILE");
            return;
        }
        file = Path.of(path);
        lastGood = new LastKnownGood(data, file, profile);
        overrides = new ScaleOverrides(data);
        try {
            AtomicFile.removeStale(data.resolve("config"));
            lastGood.adoptSharedCopy();
        } catch (IOException e) {
            LOG.warn("Could not tidy the last-known-good copies in {}: {}", data.resolve("config"), e.toString());
        }
        scales = overrides.read(w -> LOG.warn("{}", w));
        synchronized (this) {
            if (!loadAtStart()) {
                return;
            }
            bundles = new ServiceBundles(context, this::publish);
            bundles.open();
            publish();
        }
        try {
            List<Path> watched = new ArrayList<>(List.of(file));
            if (profile != null && !profile.isEmpty()) {
                watched.add(ConfigReader.overlayOf(file, profile));
            }
            watch = new FileWatch(watched, QUIET, this::reload);
        } catch (IOException e) {
            LOG.error("Cannot watch {} for changes ({}); use 'vigil:config reload' after editing it", file, e.toString());
        }
    }

    private boolean loadAtStart() {
        ConfigReader reader = reader();
        try {
            fromFile = loadFile();
            return true;
        } catch (ConfigException e) {
            e.problems().forEach(p -> LOG.error("{}", p));
            reader.warnings().forEach(w -> LOG.warn("{}", w));
            // A missing file is a wrong -c, not a broken config: nothing of it is run.
            if (!lastGood.exists() || Files.notExists(file)) {
                StringBuilder all = new StringBuilder(e.getMessage());
                reader.warnings().forEach(w -> all.append("\nwarning: ").append(w));
                refuse(file.toString(), all.toString());
                return false;
            }
            try {
                ConfigReader copyReader = reader();
                fromFile = lastGood.read(copyReader);
                written = copyReader.instancesWritten();
            } catch (ConfigException lkg) {
                refuse(file.toString(), e.getMessage() + "\nand the last-known-good copy is unusable too:\n"
                        + lkg.getMessage());
                return false;
            }
            fallbackReason = "running on the last-known-good copy of " + file + " (saved " + lastGood.savedAt()
                    + ") because the file is unusable: "
                    + e.summary() + "; the file was left untouched, fix it and it is picked up";
            LOG.error("CONFIG FALLBACK: {}", fallbackReason);
            post(Topics.CONFIG_FALLBACK, Map.of(Topics.SOURCE, file.toString(), Topics.ERROR, e.getMessage()));
            return true;
        }
    }

    /** Re-reads the file; a valid one replaces the running config, an invalid one is refused. */
    synchronized String reload() {
        if (registration == null || file == null) {
            return "no config in force";
        }
        try {
            fromFile = loadFile();
            fallbackReason = null;
            rejection = null;
            publish();
            return "reloaded " + file + ": " + published.services().size() + " services";
        } catch (ConfigException e) {
            e.problems().forEach(p -> LOG.error("Reload refused: {}", p));
            rejection = "the change to " + file + " at " + Instant.now() + " was refused, the running config stays: "
                    + e.summary();
            post(Topics.CONFIG_REJECTED, Map.of(Topics.SOURCE, file.toString(), Topics.ERROR, e.getMessage()));
            publish();
            return "refused:\n" + e.getMessage();
        }
    }

    @Override
    public synchronized boolean lastKnownGoodInForce() {
        if (fromFile == null || !lastGood.exists()) {
            return false;
        }
        try {
            return lastGood.read(reader()).equals(fromFile);
        } catch (ConfigException e) {
            return false;
        }
    }

    @Override
    public synchronized String restoreLastKnownGood() {
        if (fromFile == null) {
            throw new IllegalStateException("no config is in force" + (file == null ? "" : " from " + file)
                    + ", so there is no running config to replace");
        }
        if (!lastGood.exists()) {
            throw new IllegalStateException("there is no last-known-good copy of " + file + " (" + lastGood.file()
                    + " is missing); none was saved, or it was removed");
        }
        SystemConfig copy;
        ConfigReader copyReader = reader();
        try {
            copy = lastGood.read(copyReader);
        } catch (ConfigException e) {
            throw new IllegalStateException("the last-known-good copy of " + file + " is unusable: " + e.summary());
        }
        String saved = "the last-known-good copy of " + file + " (saved " + lastGood.savedAt() + ")";
        if (copy.equals(fromFile)) {
            return saved + " is in force already";
        }
        fromFile = copy;
        written = copyReader.instancesWritten();
        fallbackReason = "running on " + saved + ", restored by recovery; the file was left untouched, its next"
                + " change is applied as usual";
        rejection = null;
        LOG.warn("CONFIG RESTORED: {}", fallbackReason);
        publish();
        return "restored " + saved + ": " + copy.services().size() + " services";
    }

    /**
     * Reads the file with the scale overrides that still hold, and accepts it. An override is
     * dropped (and forgotten) once the file's {@code instances} for its service is no longer
     * the one it was set against, or when the file's ports no longer leave room for it.
     */
    private SystemConfig loadFile() throws ConfigException {
        Map<String, ScaleOverrides.Scale> holding = new LinkedHashMap<>(scales);
        while (true) {
            ConfigReader reader = reader(holding);
            Map<String, ScaleOverrides.Scale> still;
            try {
                ConfigReader.Loaded loaded = reader.load(file, profile);
                still = ScaleOverrides.stillHolding(holding, reader.instancesWritten());
                if (still.size() == holding.size()) {
                    keepScales(holding, reader.instancesWritten());
                    return accept(reader, loaded);
                }
            } catch (ConfigException e) {
                if (holding.isEmpty()) {
                    throw e;
                }
                ConfigReader asWritten = reader(Map.of());
                asWritten.load(file, profile);
                still = ScaleOverrides.stillHolding(holding, asWritten.instancesWritten());
                if (still.size() == holding.size()) {
                    LOG.warn("The scale overrides {} no longer fit the config ({}); they are dropped", holding,
                            e.summary());
                    still = Map.of();
                }
            }
            holding = still;
        }
    }

    /** The overrides in force from now on, kept on disk when they changed. */
    private void keepScales(Map<String, ScaleOverrides.Scale> next, Map<String, Integer> nowWritten) {
        written = Map.copyOf(nowWritten);
        if (next.equals(scales)) {
            return;
        }
        scales.keySet().stream().filter(n -> !next.containsKey(n)).forEach(n -> LOG.warn(
                "Scale override of {} ({} copies) dropped: the config now gives it {}", n, scales.get(n).copies(),
                written.containsKey(n) ? "\"instances\": " + written.get(n) : "no instances"));
        scales = Map.copyOf(next);
        try {
            overrides.write(next);
        } catch (IOException e) {
            LOG.error("Could not write {}: {}", overrides.file(), e.toString());
        }
    }

    private SystemConfig accept(ConfigReader reader, ConfigReader.Loaded loaded) {
        reader.warnings().forEach(w -> LOG.warn("{}", w));
        try {
            lastGood.save(loaded);
        } catch (IOException e) {
            LOG.error("Could not save the last-known-good copy of {}: {}", file, e.toString());
        }
        LOG.info("Loaded {}: system {}, {} services", loaded.config().source(), loaded.config().name(),
                loaded.config().services().size());
        return loaded.config();
    }

    /** Composes file and bundles and replaces the registered config with the result. */
    synchronized void publish() {
        if (fromFile == null) {
            return;
        }
        List<String> notices = new ArrayList<>();
        if (fallbackReason != null) {
            notices.add(fallbackReason);
        }
        if (rejection != null) {
            notices.add(rejection);
        }
        EffectiveConfig.Result result = EffectiveConfig.compose(fromFile, notices,
                bundles == null ? List.of() : bundles.current(), this::reader, home);
        result.refused().forEach((b, why) -> LOG.error("Service bundle {} refused: {}", b, why));
        SystemConfig next = result.config();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Topics.SOURCE, next.source());
        props.put(Constants.SERVICE_RANKING, ++ranking);
        if (fallbackReason != null) {
            props.put(SystemConfig.FALLBACK_PROPERTY, fallbackReason);
        }
        ServiceRegistration<?> old = registration;
        // The new one first, so that the supervisor moves from one config to the next
        // without ever being left with none.
        registration = context.registerService(SystemConfig.class, next, props);
        published = next;
        if (old != null) {
            old.unregister();
        }
        post(Topics.CONFIG_LOADED, Map.of(Topics.SOURCE, next.source(), "services", next.services().size()));
    }

    synchronized SystemConfig current() {
        return published;
    }

    ConfigReader reader() {
        return reader(scales);
    }

    private ConfigReader reader(Map<String, ScaleOverrides.Scale> with) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        with.forEach((name, s) -> counts.put(name, s.copies()));
        return new ConfigReader(home, java, System::getenv).against(installed.now()).scaled(counts);
    }

    /** What a scale did: copies before and after, and the {@code instances} the file gives (0: none). */
    record Scaled(int before, int after, int configSays) {
    }

    /** The services of the file scaled away from its {@code instances}, by name. */
    synchronized Map<String, ScaleOverrides.Scale> scales() {
        return scales;
    }

    /**
     * Runs {@code copies} copies of the file's service {@code name} from now on, and keeps that
     * across restarts; the other copies are left as they are. Nothing changes when it is refused.
     *
     * @return the copies before and after, and the {@code instances} the file gives the service (0: none)
     * @throws IllegalArgumentException when the file cannot run that many (the problem, on one line)
     * @throws IllegalStateException    when there is no config in force, or the override cannot be kept
     */
    synchronized Scaled scale(String name, int copies) {
        if (fromFile == null) {
            throw new IllegalStateException("no config in force" + (file == null ? "" : " from " + file)
                    + ", so there is nothing to scale");
        }
        Integer configSays = written.get(name);
        int before = ScaleCommands.copiesOf(fromFile, name);
        if (configSays == null || before == copies) {
            return new Scaled(before, before, configSays == null ? 0 : configSays);
        }
        Map<String, ScaleOverrides.Scale> next = new LinkedHashMap<>(scales);
        if (copies == configSays) {
            next.remove(name);
        } else {
            next.put(name, new ScaleOverrides.Scale(copies, configSays));
        }
        ConfigReader reader = reader(next);
        ConfigReader.Loaded loaded;
        try {
            loaded = reader.load(file, profile);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(ScaleCommands.oneLine(e, name));
        }
        Integer nowWritten = reader.instancesWritten().get(name);
        if (!configSays.equals(nowWritten)) {
            throw new IllegalStateException(file + " now gives " + name + " " + (nowWritten == null ? "no instances"
                    : "\"instances\": " + nowWritten) + " (it gave " + configSays
                    + " when loaded); apply it first with vigil:config reload, then scale");
        }
        try {
            overrides.write(next);
        } catch (IOException e) {
            throw new IllegalStateException("could not keep the override in " + overrides.file() + " ("
                    + e.getMessage() + "); nothing was scaled");
        }
        scales = Map.copyOf(next);
        written = reader.instancesWritten();
        fromFile = accept(reader, loaded);
        fallbackReason = null;
        rejection = null;
        publish();
        return new Scaled(before, copies, configSays);
    }

    Path file() {
        return file;
    }

    String profile() {
        return profile;
    }

    private void refuse(String source, String message) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ConfigError.ERROR_PROPERTY, message);
        registration = context.registerService(ConfigError.class, new ConfigError(source, message), props);
        post(Topics.CONFIG_REJECTED, Map.of(Topics.SOURCE, source, Topics.ERROR, message));
    }

    private void post(String topic, Map<String, ?> properties) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    @Deactivate
    void deactivate() throws IOException {
        if (watch != null) {
            watch.close();
        }
        if (bundles != null) {
            bundles.close();
        }
        synchronized (this) {
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
