package dev.vigil.check.system.internal;

import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.CheckValidator;
import dev.vigil.api.check.ParameterProblem;
import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The parameters of {@code system}: warning and critical limits of cpu, memory and disk (a
 * percent, 0-100) and of load (per core, 0 or more), and the mounts to watch.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=system")
public final class SystemParameters implements CheckValidator {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Override
    public String type() {
        return "system";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("cpuWarning", "cpuCritical", "memoryWarning", "memoryCritical", "diskWarning", "diskCritical",
                "loadWarning", "loadCritical", "mounts");
    }

    @Override
    public List<ParameterProblem> validate(Parameters p) {
        List<ParameterProblem> out = new ArrayList<>();
        for (String what : List.of("cpu", "memory", "disk", "load")) {
            BigDecimal max = what.equals("load") ? null : HUNDRED;
            BigDecimal warning = limit(out, p, what + "Warning", max);
            BigDecimal critical = limit(out, p, what + "Critical", max);
            if (warning != null && critical != null && warning.compareTo(critical) > 0) {
                out.add(ParameterProblem.warning(what + "Warning", "above " + what + "Critical (" + critical.toPlainString()
                        + "), so it never shows; make it the lower of the two"));
            }
        }
        p.strings("mounts").ifPresent(mounts -> {
            for (int i = 0; i < mounts.size(); i++) {
                if (mounts.get(i).isBlank()) {
                    out.add(ParameterProblem.error("mounts[" + i + "]", "empty; give a mount point such as \"/\" or \"/var\""));
                }
            }
        });
        return out;
    }

    private static BigDecimal limit(List<ParameterProblem> out, Parameters p, String name, BigDecimal max) {
        try {
            BigDecimal value = p.number(name).orElse(null);
            if (value != null && (value.signum() < 0 || max != null && value.compareTo(max) > 0)) {
                out.add(ParameterProblem.error(name, (max == null ? "expected 0 or more" : "expected a percent 0-100")
                        + ", found " + value.toPlainString()));
                return null;
            }
            return value;
        } catch (IllegalArgumentException e) {
            out.add(ParameterProblem.error(name, e.getMessage()));
            return null;
        }
    }
}
