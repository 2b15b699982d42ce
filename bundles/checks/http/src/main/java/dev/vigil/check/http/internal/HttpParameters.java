package dev.vigil.check.http.internal;

import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.CheckValidator;
import dev.vigil.api.check.ParameterProblem;
import dev.vigil.api.check.Parameters;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * The parameters of {@code http} and their values; {@link HttpCheck} reads them through the
 * same methods, so what passes here is what runs. It needs nothing but the api.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=http")
public final class HttpParameters implements CheckValidator {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
    private static final Pattern TOKEN = Pattern.compile("[A-Z]{1,20}");

    @Override
    public String type() {
        return "http";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("url", "method", "expectStatus", "expectBody", "expectJson", "latencyWarning");
    }

    @Override
    public List<ParameterProblem> validate(Parameters p) {
        List<ParameterProblem> out = new ArrayList<>();
        if (!p.has("url")) {
            out.add(ParameterProblem.error("url", "missing; give the URL to ask, such as http://127.0.0.1:${port.http}/health"));
        } else {
            read(out, "url", () -> url(p.required("url")));
        }
        read(out, "method", () -> p.string("method").ifPresent(m -> {
            if (!METHODS.contains(m) && TOKEN.matcher(m).matches()) {
                out.add(ParameterProblem.warning("method", "\"" + m + "\" is not a usual HTTP method ("
                        + String.join(", ", new java.util.TreeSet<>(METHODS)) + "); the server may refuse it"));
            } else if (!METHODS.contains(m)) {
                throw new IllegalArgumentException("expected an HTTP method in capitals such as GET or HEAD, found \""
                        + m + "\"");
            }
        }));
        read(out, "expectStatus", () -> p.string("expectStatus").ifPresent(HttpParameters::statusRange));
        read(out, "expectJson", () -> p.object("expectJson"));
        read(out, "latencyWarning", () -> p.duration("latencyWarning"));
        return out;
    }

    private static void read(List<ParameterProblem> out, String name, Runnable reading) {
        try {
            reading.run();
        } catch (IllegalArgumentException e) {
            out.add(ParameterProblem.error(name, e.getMessage()));
        }
    }

    /** An http or https URL with a host. */
    static URI url(String text) {
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // Reported below, in the words of the config.
        }
        throw new IllegalArgumentException("parameter \"url\": expected an http or https URL with a host, such as"
                + " http://127.0.0.1:8080/health, found \"" + text + "\"");
    }

    /** {@code 200}, or a range {@code 200-399}, within 100-599. */
    static int[] statusRange(String text) {
        String[] parts = text.trim().split("\\s*-\\s*");
        try {
            int low = Integer.parseInt(parts[0]);
            int high = parts.length > 1 ? Integer.parseInt(parts[1]) : low;
            if (parts.length <= 2 && low >= 100 && high <= 599 && low <= high) {
                return new int[] {low, high};
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("parameter \"expectStatus\": expected a status or a range such as 200-399,"
                + " found \"" + text + "\"");
    }
}
