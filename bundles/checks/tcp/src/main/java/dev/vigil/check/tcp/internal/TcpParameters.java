package dev.vigil.check.tcp.internal;

import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.CheckValidator;
import dev.vigil.api.check.ParameterProblem;
import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** The parameters of {@code tcp} and their values; {@link TcpCheck} reads the port through {@link #port}. */
@Component(property = CheckType.TYPE_PROPERTY + "=tcp")
public final class TcpParameters implements CheckValidator {

    @Override
    public String type() {
        return "tcp";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("port", "host", "send", "expect");
    }

    @Override
    public List<ParameterProblem> validate(Parameters p) {
        List<ParameterProblem> out = new ArrayList<>();
        try {
            p.number("port").ifPresent(TcpParameters::port);
        } catch (IllegalArgumentException e) {
            out.add(ParameterProblem.error("port", e.getMessage()));
        }
        p.string("host").filter(String::isBlank).ifPresent(h ->
                out.add(ParameterProblem.error("host", "empty; give a host name or address, or leave it out for 127.0.0.1")));
        if (p.has("expect") && !p.has("send")) {
            out.add(ParameterProblem.warning("expect", "ignored without \"send\": the check only connects; add the line"
                    + " to send, such as \"send\": \"PING\""));
        }
        return out;
    }

    /** A port 1-65535. */
    static int port(BigDecimal n) {
        try {
            int port = n.intValueExact();
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (ArithmeticException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("parameter \"port\": expected a port 1-65535, found " + n.toPlainString());
    }
}
