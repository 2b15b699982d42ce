package dev.vigil.api.check;

import java.util.Objects;

/**
 * One thing wrong with a check's parameters, found by a {@link CheckValidator}.
 *
 * @param severity  ERROR when the check could never run as written (the config is refused),
 *                  WARNING when it runs but probably not as meant
 * @param parameter where, relative to the check: {@code url}, {@code command[1]},
 *                  {@code expectJson.status}; a missing parameter is named too
 * @param message   what is wrong and how to fix it, for people, without the location:
 *                  {@code expected a URL such as http://127.0.0.1:8080/health, found "ftp://x"}
 */
public record ParameterProblem(Severity severity, String parameter, String message) {

    /** How bad a problem is. */
    public enum Severity {
        WARNING, ERROR
    }

    public ParameterProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(message, "message");
    }

    /** A problem that makes the config unusable. */
    public static ParameterProblem error(String parameter, String message) {
        return new ParameterProblem(Severity.ERROR, parameter, message);
    }

    /** A problem worth telling that does not stop the config. */
    public static ParameterProblem warning(String parameter, String message) {
        return new ParameterProblem(Severity.WARNING, parameter, message);
    }
}
