package dev.vigil.check.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code vigil check-config} says of a tcp check's parameters, before anything runs. */
class TcpParametersTest {
    private final TcpParameters rules = new TcpParameters();

    private List<String> problems(Map<String, Object> values) {
        return rules.validate(new Parameters(values)).stream()
                .map(p -> p.severity() + " " + p.parameter() + ": " + p.message()).toList();
    }

    @Test
    void aGoodCheckHasNoProblems() {
        assertEquals(List.of(), problems(Map.of("port", new BigDecimal("6379"), "send", "PING", "expect", "+PONG")));
        assertEquals(List.of(), problems(Map.of("port", "65535", "host", "db.internal")));
        assertEquals(List.of(), problems(Map.of()), "the service's only port is used when none is given");
    }

    @Test
    void aPortOutOfRangeIsAnError() {
        assertEquals(List.of("ERROR port: parameter \"port\": expected a port 1-65535, found 70000"),
                problems(Map.of("port", new BigDecimal("70000"))));
        assertEquals(List.of("ERROR port: parameter \"port\": expected a port 1-65535, found 0"),
                problems(Map.of("port", new BigDecimal("0"))));
        assertEquals(List.of("ERROR port: parameter \"port\": expected a number, found \"http\""),
                problems(Map.of("port", "http")));
    }

    @Test
    void expectWithoutSendIsAWarningSinceItIsIgnored() {
        assertEquals(List.of("WARNING expect: ignored without \"send\": the check only connects; add the line to send,"
                + " such as \"send\": \"PING\""), problems(Map.of("port", "80", "expect", "+PONG")));
    }

    @Test
    void anEmptyHostIsAnError() {
        assertEquals(List.of("ERROR host: empty; give a host name or address, or leave it out for 127.0.0.1"),
                problems(Map.of("host", " ")));
    }
}
