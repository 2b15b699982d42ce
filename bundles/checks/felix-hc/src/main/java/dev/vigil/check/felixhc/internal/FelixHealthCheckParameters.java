package dev.vigil.check.felixhc.internal;

import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.CheckValidator;
import dev.vigil.api.check.ParameterProblem;
import dev.vigil.api.check.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** The parameters of {@code felix-hc}: the tags of the Felix health checks to run, none meaning all. */
@Component(property = CheckType.TYPE_PROPERTY + "=felix-hc")
public final class FelixHealthCheckParameters implements CheckValidator {

    @Override
    public String type() {
        return "felix-hc";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("tags");
    }

    @Override
    public List<ParameterProblem> validate(Parameters p) {
        List<ParameterProblem> out = new ArrayList<>();
        List<String> tags = p.strings("tags").orElse(List.of());
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).isBlank()) {
                out.add(ParameterProblem.error("tags[" + i + "]", "empty; give a tag of the Felix health checks to run,"
                        + " or leave \"tags\" out to run them all"));
            }
        }
        if (p.values().get("tags") instanceof List<?> l && l.isEmpty()) {
            out.add(ParameterProblem.warning("tags", "an empty list runs every Felix health check, as leaving it out does;"
                    + " name the tags to run, or remove it"));
        }
        return out;
    }
}
