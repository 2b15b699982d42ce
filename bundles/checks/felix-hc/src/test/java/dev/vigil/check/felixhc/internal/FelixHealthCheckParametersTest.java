package dev.vigil.check.felixhc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.check.Parameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code vigil check-config} says of a felix-hc check's parameters, before anything runs. */
class FelixHealthCheckParametersTest {
    private final FelixHealthCheckParameters rules = new FelixHealthCheckParameters();

    private List<String> problems(Map<String, Object> values) {
        return rules.validate(new Parameters(values)).stream()
                .map(p -> p.severity() + " " + p.parameter() + ": " + p.message()).toList();
    }

    @Test
    void tagsOrNoneHaveNoProblems() {
        assertEquals(List.of(), problems(Map.of()));
        assertEquals(List.of(), problems(Map.of("tags", List.of("db", "disk"))));
    }

    @Test
    void anEmptyTagIsAnErrorAndAnEmptyListAWarning() {
        assertEquals(List.of("ERROR tags[1]: empty; give a tag of the Felix health checks to run, or leave \"tags\" out"
                + " to run them all"), problems(Map.of("tags", List.of("db", ""))));
        assertEquals(List.of("WARNING tags: an empty list runs every Felix health check, as leaving it out does; name the"
                + " tags to run, or remove it"), problems(Map.of("tags", List.of())));
    }
}
