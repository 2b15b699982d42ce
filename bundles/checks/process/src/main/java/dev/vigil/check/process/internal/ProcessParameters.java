package dev.vigil.check.process.internal;

import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.CheckValidator;
import dev.vigil.api.check.ParameterProblem;
import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/**
 * The parameters of {@code process}: warning and critical limits of memory (a size), cpu (a
 * percent of one core, so above 100 on several) and open files (a count).
 */
@Component(property = CheckType.TYPE_PROPERTY + "=process")
public final class ProcessParameters implements CheckValidator {

    @Override
    public String type() {
        return "process";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("rssWarning", "rssCritical", "cpuWarning", "cpuCritical", "filesWarning", "filesCritical");
    }

    @Override
    public List<ParameterProblem> validate(Parameters p) {
        List<ParameterProblem> out = new ArrayList<>();
        pair(out, "rss", name -> p.bytes(name).map(BigDecimal::valueOf));
        pair(out, "cpu", p::number);
        pair(out, "files", p::number);
        return out;
    }

    /** {@code <what>Warning} and {@code <what>Critical}: each readable and not negative, the warning below the critical. */
    private static void pair(List<ParameterProblem> out, String what, Function<String, Optional<BigDecimal>> read) {
        BigDecimal warning = limit(out, what + "Warning", read);
        BigDecimal critical = limit(out, what + "Critical", read);
        if (warning != null && critical != null && warning.compareTo(critical) > 0) {
            out.add(ParameterProblem.warning(what + "Warning", "above " + what + "Critical (" + critical.toPlainString()
                    + "), so it never shows; make it the lower of the two"));
        }
    }

    private static BigDecimal limit(List<ParameterProblem> out, String name, Function<String, Optional<BigDecimal>> read) {
        try {
            BigDecimal value = read.apply(name).orElse(null);
            if (value != null && value.signum() < 0) {
                out.add(ParameterProblem.error(name, "expected a limit of 0 or more, found " + value.toPlainString()));
                return null;
            }
            return value;
        } catch (IllegalArgumentException e) {
            out.add(ParameterProblem.error(name, e.getMessage()));
            return null;
        }
    }
}
