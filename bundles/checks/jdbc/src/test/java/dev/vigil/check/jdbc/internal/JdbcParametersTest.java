package dev.vigil.check.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vigil.api.check.Parameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code vigil check-config} says of a jdbc check's parameters, before anything runs. */
class JdbcParametersTest {
    private final JdbcParameters rules = new JdbcParameters();

    private List<String> problems(Map<String, Object> values) {
        return rules.validate(new Parameters(values)).stream()
                .map(p -> p.severity() + " " + p.parameter() + ": " + p.message()).toList();
    }

    @Test
    void aJdbcUrlHasNoProblems() {
        assertEquals(List.of(), problems(Map.of("url", "jdbc:postgresql://127.0.0.1:5432/app", "user", "app",
                "query", "SELECT 1", "latencyWarning", "100ms")));
    }

    @Test
    void aMissingOrForeignUrlIsAnError() {
        assertEquals(List.of("ERROR url: parameter \"url\" is missing; give a JDBC URL such as"
                + " jdbc:postgresql://127.0.0.1:5432/db or jdbc:sqlite:/var/lib/app/app.db"), problems(Map.of()));
        assertEquals(List.of("ERROR url: parameter \"url\": expected a JDBC URL starting with jdbc:, found"
                + " \"postgresql://127.0.0.1/app\""), problems(Map.of("url", "postgresql://127.0.0.1/app")));
    }

    @Test
    void aPasswordNeverAppearsInAProblem() {
        List<String> found = problems(Map.of("url", "postgres://app:s3cret@db/app?password=s3cret", "password", "s3cret"));
        assertEquals(1, found.size());
        assertFalse(found.get(0).contains("s3cret"), found.get(0));
    }

    @Test
    void anEmptyQueryAndABadDurationAreErrors() {
        assertEquals(List.of("ERROR query: empty; give a query that returns quickly, or leave it out for SELECT 1",
                "ERROR latencyWarning: parameter \"latencyWarning\": expected a duration such as 250ms or 2s, found \"1sec\""),
                problems(Map.of("url", "jdbc:sqlite:/tmp/a.db", "query", "", "latencyWarning", "1sec")));
    }
}
