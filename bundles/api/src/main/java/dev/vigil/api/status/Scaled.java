package dev.vigil.api.status;

import java.util.Objects;

/**
 * A service that {@code vigil:scale} runs with another number of copies than its config's
 * {@code instances}: what an operator reading the file would otherwise not expect.
 *
 * @param service    the service's name as written in the config ({@code web}, not {@code web#1})
 * @param copies     the copies running now
 * @param configured the {@code instances} the config file gives
 */
public record Scaled(String service, int copies, int configured) {
    public Scaled {
        Objects.requireNonNull(service, "service");
    }

    /** One line for a report: "web runs 5 copies, config says 3 (vigil:scale web 3 goes back)". */
    public String describe() {
        return service + " runs " + copies + (copies == 1 ? " copy" : " copies") + ", config says " + configured
                + " (vigil:scale " + service + " " + configured + " goes back)";
    }
}
