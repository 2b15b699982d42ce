package dev.vigil.api.check;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The parameters a check type reads and what values they accept, so that a config is
 * checked before it runs: by the config bundle when a file is loaded, and by
 * {@code vigil check-config} without a daemon. Each check bundle registers one per type it
 * provides, as a Declarative Services component with the {@link CheckType#TYPE_PROPERTY}
 * property; {@code vigil check-config} finds it in the bundle's component descriptions and
 * creates it with its public no-argument constructor, outside any framework.
 *
 * <p>So an implementation must work unactivated, reference nothing but this api and the
 * JDK, and do no I/O (no connection, no name lookup, no file access): a config is checked
 * on a machine that may not be the one it runs on. It must be thread-safe.
 */
@ConsumerType
public interface CheckValidator {

    /** The type these rules are for, as its {@link CheckType#type()}. */
    String type();

    /**
     * Every parameter the type reads. The config reports any other key of a check of this
     * type as unknown (a warning, with the nearest of these as a suggestion).
     */
    Set<String> parameters();

    /**
     * The problems of the values given, empty when they are fine; never throws. A
     * {@code ${port.NAME}} in a value has been replaced by a valid port number, since it is
     * filled in only when the service starts.
     *
     * @param parameters the check's own parameters (the keys every check has removed)
     */
    List<ParameterProblem> validate(Parameters parameters);
}
