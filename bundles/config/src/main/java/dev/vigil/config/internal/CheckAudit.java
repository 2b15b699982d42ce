package dev.vigil.config.internal;

import dev.vigil.api.check.CheckValidator;
import dev.vigil.api.check.ParameterProblem;
import dev.vigil.api.check.Parameters;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One check looked at by its own type: the type must be there (else a warning listing those
 * that are, since its bundle may arrive later), every key must be one the type reads (else a
 * warning with the nearest), and the type's {@link CheckValidator} judges the values.
 */
final class CheckAudit {
    /** Stands for a port placeholder while validating: any valid port does, the real one is known at start. */
    private static final String SOME_PORT = "65535";
    private static final Pattern PORT_PLACEHOLDER = Pattern.compile("\\$\\{port\\.[^}]*}");

    private CheckAudit() {
    }

    /**
     * @param at     the check's path, such as {@code services.api.checks[0]}
     * @param params its own parameters, placeholders other than ports filled in
     */
    static void audit(Fields f, Installed installed, String at, String type, Map<String, Object> params) {
        if (installed.checkTypes() == null) {
            return;
        }
        CheckValidator validator = installed.validators().get(type);
        if (validator == null) {
            if (!installed.checkTypes().contains(type)) {
                f.warning(at + ".type", unknownType(installed, type));
            }
            return;
        }
        Set<String> keys = new HashSet<>(validator.parameters());
        keys.addAll(ConfigKeys.CHECK); // a mistyped "timout" is meant for every check's "timeout"
        for (String key : params.keySet()) {
            if (!validator.parameters().contains(key)) {
                String near = Suggestions.nearest(key, keys);
                f.warning(at + "." + key, "unknown key for a \"" + type + "\" check, ignored; it reads "
                        + String.join(", ", new TreeSet<>(validator.parameters()))
                        + (near == null ? "" : "; did you mean \"" + near + "\"?"));
            }
        }
        Map<String, Object> given = new LinkedHashMap<>();
        params.forEach((k, v) -> given.put(k, v instanceof String s ? PORT_PLACEHOLDER.matcher(s).replaceAll(SOME_PORT) : v));
        List<ParameterProblem> problems;
        try {
            problems = validator.validate(new Parameters(given));
        } catch (RuntimeException e) {
            f.warning(at, "the \"" + type + "\" check type could not validate these parameters (" + e
                    + "); they are told when the check runs");
            return;
        }
        for (ParameterProblem p : problems) {
            String path = p.parameter().isEmpty() ? at : at + "." + p.parameter();
            String message = restore(p.message(), params, given);
            String prefix = "parameter \"" + p.parameter().split("[.\\[]")[0] + "\": ";
            message = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
            if (p.severity() == ParameterProblem.Severity.ERROR) {
                f.error(path, message);
            } else {
                f.warning(path, message);
            }
        }
    }

    static String unknownType(Installed installed, String type) {
        String near = Suggestions.nearest(type, installed.checkTypes());
        return "no check type \"" + type + "\" " + installed.where() + "; unless a bundle dropped into deploy/ provides"
                + " it, the check is UNKNOWN at run time (" + installed.label() + ": "
                + (installed.checkTypes().isEmpty() ? "none" : String.join(", ", new TreeSet<>(installed.checkTypes())))
                + ")" + (near == null ? "" : "; did you mean \"" + near + "\"?");
    }

    /** Puts the user's own text back where a message quotes a value with its port placeholders replaced. */
    private static String restore(String message, Map<String, Object> params, Map<String, Object> given) {
        String out = message;
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Object replaced = given.get(e.getKey());
            if (e.getValue() instanceof String original && !original.equals(replaced)) {
                out = out.replace((String) replaced, original);
            }
        }
        return out;
    }
}
