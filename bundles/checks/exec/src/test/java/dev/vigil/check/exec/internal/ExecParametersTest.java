package dev.vigil.check.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.check.Parameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code vigil check-config} says of an exec check's parameters, before anything runs. */
class ExecParametersTest {
    private final ExecParameters rules = new ExecParameters();

    private List<String> problems(Map<String, Object> values) {
        return rules.validate(new Parameters(values)).stream()
                .map(p -> p.severity() + " " + p.parameter() + ": " + p.message()).toList();
    }

    @Test
    void anArgvArrayHasNoProblems() {
        assertEquals(List.of(), problems(Map.of("command", List.of("/usr/lib/nagios/plugins/check_disk", "-w", "20%"),
                "cwd", "/tmp")));
        assertEquals(List.of(), problems(Map.of("command", "/usr/local/bin/healthy")));
    }

    @Test
    void aMissingOrEmptyCommandIsAnError() {
        assertEquals(List.of("ERROR command: parameter \"command\" is missing; give an argv array such as"
                + " [\"/usr/lib/nagios/plugins/check_disk\", \"-w\", \"20%\", \"-p\", \"/\"]"), problems(Map.of()));
        assertEquals(1, problems(Map.of("command", List.of())).size());
        assertEquals(List.of("ERROR command[0]: empty; name the program to run"), problems(Map.of("command", List.of("", "-v"))));
    }

    @Test
    void aShellStringIsAnErrorSinceCommandsAreArgvArrays() {
        assertEquals(List.of("ERROR command: a string with spaces is one program name, not a command line; write it as"
                + " an argv array such as [\"check_disk\", \"-w\", \"20%\"]"), problems(Map.of("command", "check_disk -w 20%")));
    }
}
