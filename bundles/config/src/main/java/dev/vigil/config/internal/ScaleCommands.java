package dev.vigil.config.internal;

import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.SystemConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code vigil:scale NAME N}: runs N copies of a service that has {@code instances} from now
 * on, across daemon restarts, until the file's own {@code instances} for it changes.
 */
@Component(service = ScaleCommands.class, immediate = true, property = {
    "osgi.command.scope=vigil", "osgi.command.function=scale"
})
public final class ScaleCommands {

    @Reference
    private ConfigPublisher publisher;

    @Descriptor("the services scaled away from the instances their config gives")
    public String scale() {
        String out = overrides(publisher.scales());
        return out.isEmpty() ? "no service is scaled away from its config\n" : out;
    }

    @Descriptor("run N copies of a service that has \"instances\"; the other copies keep running as they are")
    public String scale(@Descriptor("service name as written in the config") String name,
                        @Descriptor("copies, 1-" + Instances.MAX) String count) {
        int copies = copies(count);
        SystemConfig c = publisher.current();
        if (c == null) {
            throw new IllegalStateException("no config in force, so there is nothing to scale");
        }
        Set<String> written = new LinkedHashSet<>();
        c.services().keySet().forEach(n -> written.add(ServiceDefinition.groupOf(n)));
        if (!written.contains(name)) {
            String group = ServiceDefinition.groupOf(name);
            if (!group.equals(name) && written.contains(group)) {
                throw new IllegalArgumentException("\"" + name + "\" is one copy of " + group
                        + "; scale the service: vigil:scale " + group + " " + count);
            }
            throw new IllegalArgumentException("no service named \"" + name + "\"; known services: "
                    + (written.isEmpty() ? "none" : String.join(", ", written)));
        }
        ConfigPublisher.Scaled s = publisher.scale(name, copies);
        if (s.configSays() == 0) {
            throw new IllegalArgumentException(notScalable(c, name, publisher.file()));
        }
        return report(name, s) + "\n";
    }

    /** Why a service without {@code instances} in the file is not scaled, and what to do instead. */
    private static String notScalable(SystemConfig c, String name, java.nio.file.Path file) {
        ServiceDefinition plain = c.services().get(name);
        if (plain == null || !plain.origin().startsWith("file:")) {
            String origin = plain != null ? plain.origin() : c.services().get(ServiceDefinition.instanceName(name, 1))
                    .origin();
            return name + " comes from " + origin + ", not from " + file + "; change its \"instances\" there";
        }
        return name + " has no \"instances\" in " + file + ", so it runs as one process named " + name
                + "; copies are named " + name + "#1.." + name + "#N, so scaling would restart it as another service;"
                + " write \"instances\": 1 in services." + name + " first (it restarts once, as " + name
                + "#1), then vigil:scale " + name + " N";
    }

    /** {@code web: 3 -> 5 copies (web#4, web#5 started); config says 3}. */
    static String report(String name, ConfigPublisher.Scaled s) {
        String says = s.after() == s.configSays() ? "as the config says" : "config says " + s.configSays();
        if (s.before() == s.after()) {
            return name + ": " + s.after() + " " + copiesWord(s.after()) + " already, nothing changed; " + says;
        }
        List<String> changed = new ArrayList<>();
        if (s.after() > s.before()) {
            for (int i = s.before() + 1; i <= s.after(); i++) {
                changed.add(ServiceDefinition.instanceName(name, i));
            }
        } else {
            for (int i = s.before(); i > s.after(); i--) {
                changed.add(ServiceDefinition.instanceName(name, i));
            }
        }
        return name + ": " + s.before() + " -> " + s.after() + " " + copiesWord(s.after()) + " ("
                + String.join(", ", changed) + (s.after() > s.before() ? " started" : " stopped") + "); " + says;
    }

    private static String copiesWord(int n) {
        return n == 1 ? "copy" : "copies";
    }

    /** One line per service scaled away from its config; empty when none is. */
    static String overrides(Map<String, ScaleOverrides.Scale> scales) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(scales).forEach((name, s) -> out.append("scaled: ").append(name).append(" runs ")
                .append(s.copies()).append(' ').append(copiesWord(s.copies())).append(", config says ")
                .append(s.configSays()).append(" (vigil:scale ").append(name).append(' ').append(s.configSays())
                .append(" goes back)\n"));
        return out.toString();
    }

    /** N as typed: a whole number 1..MAX, or a one-line refusal. */
    static int copies(String count) {
        String found = "N must be a whole number of copies 1-" + Instances.MAX + ", found \"" + count + "\"";
        if (count == null || !count.matches("[+-]?\\d{1,9}")) {
            throw new IllegalArgumentException(found);
        }
        int n = Integer.parseInt(count);
        if (n <= 0) {
            throw new IllegalArgumentException(found + "; to stop a service, use vigil:stop NAME#i for each copy");
        }
        if (n > Instances.MAX) {
            throw new IllegalArgumentException(found);
        }
        return n;
    }

    /** The copies of {@code name} that {@code c} runs. */
    static int copiesOf(SystemConfig c, String name) {
        return (int) c.services().keySet().stream()
                .filter(n -> !n.equals(name) && ServiceDefinition.groupOf(n).equals(name)).count();
    }

    /** The problem that refuses a scale, on one line: the service's own first, else the file's first. */
    static String oneLine(ConfigException e, String name) {
        String prefix = "services." + name + ".";
        return e.problems().stream().filter(p -> p.path().startsWith(prefix)).findFirst()
                .map(p -> p.toString().replace('\n', ' '))
                .orElse("the config file cannot be read as it is now, so nothing was scaled: " + e.summary());
    }
}
