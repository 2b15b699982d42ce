package dev.vigil.api.alert;

import java.time.Duration;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of place alerts go (log, webhook, exec...), registered as an OSGi service with the
 * {@link #TYPE_PROPERTY} property. The alert dispatcher sends every alert to the {@code log}
 * sink and to each sink of the config's {@code alerts} list whose {@code type} this is, so a
 * new kind is added by installing a bundle that registers one.
 *
 * <p>{@link #send} is called from one thread per configured sink (never twice at once for the
 * same {@link AlertSpec}), but from several threads for different specs: implementations must
 * be thread-safe. It may block up to the sink's own timeout; the dispatcher never waits on it
 * from anything but that sink's thread.
 */
@ConsumerType
public interface AlertSink {

    /** Service property carrying the type name, as the config's {@code alerts[].type} names it. */
    String TYPE_PROPERTY = "vigil.alert.type";

    /** The name used in the config, such as {@code webhook}. Constant for the life of the service. */
    String type();

    /**
     * Delivers one alert (a firing incident or its resolution) to the place {@code sink} says.
     *
     * @param sink the configured sink, its parameters validated by the config
     * @throws Exception when it was not delivered (unreachable, refused, timed out, a non-zero
     *                   exit...); its message says what happened, and the dispatcher retries
     *                   with backoff, a bounded number of times
     */
    void send(Alert alert, AlertSpec sink) throws Exception;

    /**
     * How often the firing alert of an incident still open is delivered again to {@code sink},
     * for receivers that forget an alert that is not repeated (Alertmanager resolves one it
     * has not heard of for its {@code resolve_timeout}, 5 minutes by default); null, the
     * default, delivers it once. A repeat is the same alert, not a new incident.
     */
    default Duration repeatEvery(AlertSpec sink) {
        return null;
    }
}
