package dev.vigil.check.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.check.Parameters;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code vigil check-config} says of a system check's limits, before anything runs. */
class SystemParametersTest {
    private final SystemParameters rules = new SystemParameters();

    private List<String> problems(Map<String, Object> values) {
        return rules.validate(new Parameters(values)).stream()
                .map(p -> p.severity() + " " + p.parameter() + ": " + p.message()).toList();
    }

    @Test
    void goodLimitsHaveNoProblems() {
        assertEquals(List.of(), problems(Map.of("diskWarning", new BigDecimal("80"), "diskCritical", new BigDecimal("95"),
                "loadWarning", new BigDecimal("6"), "mounts", List.of("/", "/var"))));
    }

    @Test
    void aPercentAbove100IsAnError() {
        assertEquals(List.of("ERROR memoryCritical: expected a percent 0-100, found 120"),
                problems(Map.of("memoryCritical", new BigDecimal("120"))));
    }

    @Test
    void loadIsPerCoreSoItMayPass100ButNotGoNegative() {
        assertEquals(List.of(), problems(Map.of("loadCritical", new BigDecimal("200"))));
        assertEquals(List.of("ERROR loadWarning: expected 0 or more, found -1"),
                problems(Map.of("loadWarning", new BigDecimal("-1"))));
    }

    @Test
    void aWarningAboveItsCriticalAndAnEmptyMountAreReported() {
        assertEquals(List.of("WARNING diskWarning: above diskCritical (90), so it never shows; make it the lower of the two",
                "ERROR mounts[1]: empty; give a mount point such as \"/\" or \"/var\""),
                problems(Map.of("diskWarning", new BigDecimal("95"), "diskCritical", new BigDecimal("90"),
                        "mounts", List.of("/", ""))));
    }

    @Test
    void aLimitThatIsNotANumberIsAnError() {
        assertEquals(List.of("ERROR cpuWarning: parameter \"cpuWarning\": expected a number, found \"90%\""),
                problems(Map.of("cpuWarning", "90%")));
    }
}
