package dev.vigil.check.exec.internal;

import dev.vigil.api.check.CheckType;
import dev.vigil.api.check.CheckValidator;
import dev.vigil.api.check.ParameterProblem;
import dev.vigil.api.check.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The parameters of {@code exec}; {@link ExecCheck} reads the command through {@link #command}.
 * Whether the program and folder exist is told when the check runs, on the machine it runs on.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=exec")
public final class ExecParameters implements CheckValidator {

    @Override
    public String type() {
        return "exec";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("command", "cwd");
    }

    @Override
    public List<ParameterProblem> validate(Parameters p) {
        List<ParameterProblem> out = new ArrayList<>();
        try {
            List<String> argv = command(p);
            if (!(p.values().get("command") instanceof List) && argv.get(0).contains(" ")) {
                out.add(ParameterProblem.error("command", "a string with spaces is one program name, not a command"
                        + " line; write it as an argv array such as [\"check_disk\", \"-w\", \"20%\"]"));
            }
            if (argv.get(0).isBlank()) {
                out.add(ParameterProblem.error("command[0]", "empty; name the program to run"));
            }
        } catch (IllegalArgumentException e) {
            out.add(ParameterProblem.error("command", e.getMessage()));
        }
        p.string("cwd").filter(String::isBlank).ifPresent(c ->
                out.add(ParameterProblem.error("cwd", "empty; give a folder, or leave it out for the daemon's own")));
        return out;
    }

    /** The argv, which must be there and hold a program. */
    static List<String> command(Parameters p) {
        List<String> argv = p.strings("command").orElseThrow(() ->
                new IllegalArgumentException("parameter \"command\" is missing; give an argv array such as"
                        + " [\"/usr/lib/nagios/plugins/check_disk\", \"-w\", \"20%\", \"-p\", \"/\"]"));
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("parameter \"command\" is empty; give an argv array such as"
                    + " [\"/usr/lib/nagios/plugins/check_disk\", \"-w\", \"20%\", \"-p\", \"/\"]");
        }
        return argv;
    }
}
