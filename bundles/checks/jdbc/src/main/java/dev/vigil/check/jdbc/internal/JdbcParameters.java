package dev.vigil.check.jdbc.internal;

import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.CheckValidator;
import dev.vigil.api.check.ParameterProblem;
import dev.vigil.api.check.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The parameters of {@code jdbc}; {@link JdbcCheck} reads the URL through {@link #url}, so
 * what passes here is what runs. A password never appears in a message.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=jdbc")
public final class JdbcParameters implements CheckValidator {

    @Override
    public String type() {
        return "jdbc";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("url", "user", "password", "query", "latencyWarning");
    }

    @Override
    public List<ParameterProblem> validate(Parameters p) {
        List<ParameterProblem> out = new ArrayList<>();
        try {
            url(p);
        } catch (IllegalArgumentException e) {
            out.add(ParameterProblem.error("url", e.getMessage()));
        }
        p.string("query").filter(String::isBlank).ifPresent(q ->
                out.add(ParameterProblem.error("query", "empty; give a query that returns quickly, or leave it out for SELECT 1")));
        try {
            p.duration("latencyWarning");
        } catch (IllegalArgumentException e) {
            out.add(ParameterProblem.error("latencyWarning", e.getMessage()));
        }
        return out;
    }

    /** The JDBC URL, which must be there and start with {@code jdbc:}. */
    static String url(Parameters p) {
        String url = p.string("url").orElseThrow(() -> new IllegalArgumentException("parameter \"url\" is missing;"
                + " give a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/db or jdbc:sqlite:/var/lib/app/app.db"));
        if (!url.startsWith("jdbc:")) {
            String password = p.string("password").orElse(null);
            throw new IllegalArgumentException("parameter \"url\": expected a JDBC URL starting with jdbc:, found \""
                    + new Redaction(url, password).url(url) + "\"");
        }
        return url;
    }
}
