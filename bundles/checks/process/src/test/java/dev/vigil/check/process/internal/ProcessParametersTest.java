package dev.vigil.check.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code vigil check-config} says of a process check's limits, before anything runs. */
class ProcessParametersTest {
    private final ProcessParameters rules = new ProcessParameters();

    private List<String> problems(Map<String, Object> values) {
        return rules.validate(new Parameters(values)).stream()
                .map(p -> p.severity() + " " + p.parameter() + ": " + p.message()).toList();
    }

    @Test
    void goodLimitsHaveNoProblems() {
        assertEquals(List.of(), problems(Map.of("rssWarning", "512MB", "rssCritical", "1GB",
                "cpuWarning", new BigDecimal("150"), "filesCritical", new BigDecimal("4000"))));
    }

    @Test
    void aSizeWithoutAKnownUnitIsAnError() {
        assertEquals(List.of("ERROR rssCritical: parameter \"rssCritical\": expected a size such as 512MB, found \"1 gig\""),
                problems(Map.of("rssCritical", "1 gig")));
    }

    @Test
    void aNegativeLimitIsAnError() {
        assertEquals(List.of("ERROR filesWarning: expected a limit of 0 or more, found -5"),
                problems(Map.of("filesWarning", new BigDecimal("-5"))));
    }

    @Test
    void aWarningAboveItsCriticalIsAWarning() {
        assertEquals(List.of("WARNING rssWarning: above rssCritical (536870912), so it never shows; make it the lower of"
                + " the two"), problems(Map.of("rssWarning", "1GB", "rssCritical", "512MB")));
    }
}
