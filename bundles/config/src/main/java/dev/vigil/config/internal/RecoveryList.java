package dev.vigil.config.internal;

import com.google.gson.JsonObject;
import dev.vigil.api.ServiceDefinition;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's {@code recovery}: the strategies to try, in order, each named once. A name
 * that no bundle installed provides is only a warning, listing those that are, as a bundle
 * dropped into {@code deploy/} may provide it later; an empty list means never repair.
 */
final class RecoveryList {
    /** The strategies that ship with Vigil. */
    static final Set<String> SHIPPED = Set.of("evict-squatter", "reassign-port", "restart", "restore-config");

    private RecoveryList() {
    }

    /** The list at {@code path}, {@link ServiceDefinition#DEFAULT_RECOVERY} when absent, null when broken (reported). */
    static List<String> read(Fields f, JsonObject svc, String path, Installed installed) {
        int before = f.count();
        List<String> names = f.strings(svc, path, "recovery", false);
        if (f.count() > before) {
            return null; // a list item was not a string: the others' indexes would be off
        }
        if (names == null) {
            return ServiceDefinition.DEFAULT_RECOVERY;
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String at = path + "[" + i + "]";
            int first = names.indexOf(name);
            if (first < i) {
                f.error(at, "\"" + name + "\" is listed twice (also " + path.substring(path.lastIndexOf('.') + 1)
                        + "[" + first + "]); each strategy is tried once, remove one of them");
            } else if (!installed.strategies().contains(name)) {
                String near = Suggestions.nearest(name, installed.strategies());
                f.warning(at, "no strategy \"" + name + "\" " + installed.where() + "; unless a bundle in deploy/"
                        + " provides it, it is skipped at run time (" + installed.label() + ": "
                        + String.join(", ", new TreeSet<>(installed.strategies()))
                        + ")" + (near == null ? "" : "; did you mean \"" + near + "\"?"));
            }
        }
        return f.count() > before ? null : names;
    }
}
