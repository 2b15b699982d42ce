package dev.vigil.config.internal;

import dev.vigil.api.ConfigError;
import dev.vigil.api.SystemConfig;
import dev.vigil.api.Topics;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
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
 * Loads the config file named by the framework property {@code vigil.config} and registers
 * it as a {@link SystemConfig} service, or, when it cannot be used, a {@link ConfigError}
 * service carrying the reason, so the launcher can refuse to start with it.
 */
@Component(immediate = true)
public final class ConfigFileSource {
    public static final String CONFIG_PROPERTY = "vigil.config";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileSource.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    private ServiceRegistration<?> registration;

    @Activate
    void activate(BundleContext context) {
        String file = context.getProperty(CONFIG_PROPERTY);
        String home = context.getProperty("vigil.home");
        String java = context.getProperty("vigil.java");
        if (file == null) {
            register(context, new ConfigError("(none)", "no config file given: the framework property "
                    + CONFIG_PROPERTY + " is not set; start Vigil with -c FILE"));
            return;
        }
        ConfigReader reader = new ConfigReader(Path.of(home == null ? "." : home),
                Path.of(java == null ? "java" : java), System::getenv);
        try {
            SystemConfig config = reader.read(Path.of(file));
            reader.warnings().forEach(w -> LOG.warn("{}", w));
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Topics.SOURCE, config.source());
            registration = context.registerService(SystemConfig.class, config, props);
            LOG.info("Loaded {}: system {}, {} services", file, config.name(), config.services().size());
            post(Topics.CONFIG_LOADED, Map.of(Topics.SOURCE, file, "services", config.services().size()));
        } catch (ConfigException e) {
            e.problems().forEach(p -> LOG.error("{}", p));
            reader.warnings().forEach(w -> LOG.warn("{}", w));
            // Every problem, one per line, and the warnings: a near-miss key is often the fix.
            StringBuilder all = new StringBuilder(e.getMessage());
            reader.warnings().forEach(w -> all.append("\nwarning: ").append(w));
            register(context, new ConfigError(file, all.toString()));
            post(Topics.CONFIG_REJECTED, Map.of(Topics.SOURCE, file, Topics.ERROR, e.getMessage()));
        }
    }

    private void register(BundleContext context, ConfigError error) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ConfigError.ERROR_PROPERTY, error.message());
        registration = context.registerService(ConfigError.class, error, props);
    }

    private void post(String topic, Map<String, ?> properties) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
