package dev.vigil.config.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import java.nio.file.Path;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code vigil:config}: show the running config, validate a file, reload. */
@Component(service = ConfigCommands.class, immediate = true, property = {
    "osgi.command.scope=vigil", "osgi.command.function=config"
})
public final class ConfigCommands {

    @Reference
    private ConfigPublisher publisher;

    @Descriptor("the running config: its source, notices and every service with its origin")
    public String config() {
        SystemConfig c = publisher.current();
        if (c == null) {
            return "no config in force\n";
        }
        StringBuilder out = new StringBuilder("system " + c.name() + " from " + c.source() + "\n");
        c.notices().forEach(n -> out.append("notice: ").append(n).append('\n'));
        out.append(ScaleCommands.overrides(publisher.scales()));
        for (ServiceDefinition s : c.startOrder()) {
            out.append(String.format("  %-20s %s  (%s)%n", s.name(), String.join(" ", s.command()), s.origin()));
        }
        return out.toString();
    }

    @Descriptor("show | validate | reload: the running config as JSON, check the file, apply the file now")
    public String config(@Descriptor("show, validate or reload") String action) {
        return switch (action) {
            case "show" -> show();
            case "validate" -> validate(publisher.file());
            case "reload" -> reload();
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; use show, validate or reload");
        };
    }

    @Descriptor("validate FILE: check a config file as the daemon would, without applying it")
    public String config(@Descriptor("validate") String action, @Descriptor("config file") String file) {
        if (!action.equals("validate")) {
            throw new IllegalArgumentException("only 'validate' takes a file: vigil:config validate FILE");
        }
        return validate(Path.of(file));
    }

    private String reload() {
        String outcome = publisher.reload();
        if (outcome.startsWith("refused")) {
            throw new IllegalArgumentException(outcome);
        }
        return outcome + "\n";
    }

    private String show() {
        SystemConfig c = publisher.current();
        return c == null ? "no config in force\n" : ConfigJson.of(c, publisher.scales()) + "\n";
    }

    private String validate(Path file) {
        if (file == null) {
            throw new IllegalStateException("no config file in use");
        }
        ConfigReader reader = publisher.reader();
        try {
            SystemConfig c = reader.load(file, publisher.profile()).config();
            StringBuilder out = new StringBuilder();
            reader.warnings().forEach(w -> out.append("warning: ").append(w).append('\n'));
            return out.append(file).append(": valid, ").append(c.services().size()).append(" services\n").toString();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
