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
        try {
            AtomicFile.removeStale(data.resolve("config"));
            lastGood.adoptSharedCopy();
        } catch (IOException e) {
            LOG.warn("Could not tidy the last-known-good copies in {}: {}", data.resolve("config"), e.toString());
        }
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
            fromFile = accept(reader, reader.load(file, profile));
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
                fromFile = lastGood.read(reader());
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
        ConfigReader reader = reader();
        try {
            fromFile = accept(reader, reader.load(file, profile));
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
        try {
            copy = lastGood.read(reader());
        } catch (ConfigException e) {
            throw new IllegalStateException("the last-known-good copy of " + file + " is unusable: " + e.summary());
        }
        String saved = "the last-known-good copy of " + file + " (saved " + lastGood.savedAt() + ")";
        if (copy.equals(fromFile)) {
            return saved + " is in force already";
        }
        fromFile = copy;
        fallbackReason = "running on " + saved + ", restored by recovery; the file was left untouched, its next"
                + " change is applied as usual";
        rejection = null;
        LOG.warn("CONFIG RESTORED: {}", fallbackReason);
        publish();
        return "restored " + saved + ": " + copy.services().size() + " services";
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
        return new ConfigReader(home, java, System::getenv).against(installed.now());
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
