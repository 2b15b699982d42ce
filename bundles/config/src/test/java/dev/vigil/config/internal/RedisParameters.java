package dev.vigil.config.internal;

import dev.vigil.api.check.CheckValidator;
import dev.vigil.api.check.ParameterProblem;
import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The validator of a check type a user adds in their own bundle (a {@code redis} check),
 * written as such a bundle would write it; {@link CheckConfigInstalledTest} packs it in a jar.
 */
public final class RedisParameters implements CheckValidator {
    @Override
    public String type() {
        return "redis";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("port", "password");
    }

    @Override
    public List<ParameterProblem> validate(Parameters p) {
        List<ParameterProblem> out = new ArrayList<>();
        try {
            p.number("port").filter(n -> n.compareTo(BigDecimal.ONE) < 0 || n.compareTo(BigDecimal.valueOf(65535)) > 0)
                    .ifPresent(n -> out.add(ParameterProblem.error("port", "expected a port 1-65535, found " + n)));
        } catch (IllegalArgumentException e) {
            out.add(ParameterProblem.error("port", e.getMessage()));
        }
        return out;
    }
}
