package dev.vigil.api.check;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of health check (http, tcp, process...). Each is an OSGi service; the monitor
 * finds the one whose {@link #type()} matches a check's {@code type} in the config, so a
 * new kind is added by installing a bundle that registers one.
 *
 * <p>Implementations must be thread-safe and must not block the caller: a slow or hanging
 * target completes the stage late (or with a timeout result), never holds the thread.
 */
@ConsumerType
public interface CheckType {

    /** Service property carrying the type name, so that types can be listed without calling them. */
    String TYPE_PROPERTY = "vigil.check.type";

    /** The name used in the config, such as {@code http}. Constant for the life of the service. */
    String type();

    /** One line naming the parameters this type reads, for {@code vigil:checks}. */
    String describe();

    /**
     * Runs the check once.
     *
     * @return a stage completed with the result; failures are results with status DOWN,
     *         an exceptionally completed stage is reported as UNKNOWN with its cause
     */
    CompletionStage<CheckResult> run(CheckRequest request);
}
