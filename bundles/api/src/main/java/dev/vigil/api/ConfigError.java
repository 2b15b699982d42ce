package dev.vigil.api;

import java.util.Objects;

/**
 * Registered as a service, with {@link #ERROR_PROPERTY} set, when no configuration could be
 * loaded; the daemon refuses to start and reports {@link #message()}.
 *
 * @param source  the file that was read
 * @param message every problem, one per line, each naming the file, the line and what is wrong
 */
public record ConfigError(String source, String message) {
    /** Service property holding the message, so that the launcher can read it without our classes. */
    public static final String ERROR_PROPERTY = "vigil.config.error";

    public ConfigError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }
}
