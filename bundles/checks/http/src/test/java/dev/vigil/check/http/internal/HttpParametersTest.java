package dev.vigil.check.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code vigil check-config} says of an http check's parameters, before anything runs. */
class HttpParametersTest {
    private final HttpParameters rules = new HttpParameters();

    private List<String> problems(Map<String, Object> values) {
        return rules.validate(new Parameters(values)).stream()
                .map(p -> p.severity() + " " + p.parameter() + ": " + p.message()).toList();
    }

    @Test
    void aGoodCheckHasNoProblems() {
        assertEquals(List.of(), problems(Map.of("url", "https://127.0.0.1:8443/health", "method", "HEAD",
                "expectStatus", "200-299", "expectJson", Map.of("status", "ok"), "latencyWarning", "250ms")));
    }

    @Test
    void aUrlThatIsNotHttpOrHttpsIsAnError() {
        assertEquals(List.of("ERROR url: parameter \"url\": expected an http or https URL with a host, such as"
                + " http://127.0.0.1:8080/health, found \"ftp://127.0.0.1/health\""),
                problems(Map.of("url", "ftp://127.0.0.1/health")));
        assertEquals(1, problems(Map.of("url", "http:///no-host")).size());
        assertEquals(1, problems(Map.of("url", "http://exa mple/")).size());
    }

    @Test
    void aMissingUrlIsAnErrorThatShowsOne() {
        assertEquals(List.of("ERROR url: missing; give the URL to ask, such as http://127.0.0.1:${port.http}/health"),
                problems(Map.of()));
    }

    @Test
    void wrongStatusesAndDurationsAreErrorsEachNamed() {
        assertEquals(List.of("ERROR expectStatus: parameter \"expectStatus\": expected a status or a range such as"
                        + " 200-399, found \"399-200\"",
                "ERROR latencyWarning: parameter \"latencyWarning\": expected a duration such as 250ms or 2s, found \"fast\""),
                problems(Map.of("url", "http://h/", "expectStatus", "399-200", "latencyWarning", "fast")));
        assertEquals(1, problems(Map.of("url", "http://h/", "expectStatus", new BigDecimal("700"))).size());
    }

    @Test
    void anUnusualMethodIsAWarningAndAMalformedOneAnError() {
        assertEquals(List.of("WARNING method: \"PROPFIND\" is not a usual HTTP method (DELETE, GET, HEAD, OPTIONS,"
                + " PATCH, POST, PUT); the server may refuse it"), problems(Map.of("url", "http://h/", "method", "PROPFIND")));
        assertEquals(List.of("ERROR method: expected an HTTP method in capitals such as GET or HEAD, found \"get\""),
                problems(Map.of("url", "http://h/", "method", "get")));
    }

    @Test
    void expectJsonMustBeAnObject() {
        assertEquals(List.of("ERROR expectJson: parameter \"expectJson\": expected an object {...}, found \"ok\""),
                problems(Map.of("url", "http://h/", "expectJson", "ok")));
    }

    @Test
    void itNamesEveryParameterTheCheckReads() {
        assertEquals("http", rules.type());
        assertEquals(java.util.Set.of("url", "method", "expectStatus", "expectBody", "expectJson", "latencyWarning"),
                rules.parameters());
    }
}
