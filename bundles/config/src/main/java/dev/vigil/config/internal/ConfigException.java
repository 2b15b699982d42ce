package dev.vigil.config.internal;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a config cannot be used; carries every problem found, not just the first. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The first problem, with a count of the others, on one line. */
    public String summary() {
        String first = problems.get(0).toString();
        return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
    }
}
