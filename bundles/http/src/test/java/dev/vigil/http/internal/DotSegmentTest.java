package dev.vigil.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which raw paths carry a "." or ".." segment, the ones refused before any servlet sees them. */
class DotSegmentTest {
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "/health/../status, true",
        "/../../etc/passwd, true",
        "/health/., true",
        "/health/.., true",
        "., true",
        "'..', true",
        "/./health, true",
        "a/./b, true",
        "/health, false",
        "/, false",
        "'', false",
        "/health/.hidden, false",
        "/health/..., false",
        "/health/a.., false",
        "/health/.a/, false",
        "/metrics//x, false",
        "/health/web.1, false",
    })
    void segmentBySegment(String path, boolean dotted) {
        assertEquals(dotted, RequestLimits.hasDotSegment(path));
    }
}
