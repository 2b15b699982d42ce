package dev.vigil.api.alert;

import java.util.Map;
import java.util.Objects;

/**
 * One alert sink as configured in the top-level {@code alerts} list.
 *
 * @param type       selects the sink ({@code webhook}, {@code exec}, or one a bundle adds)
 * @param name       unique in the list: {@code type#N} (N from 1, in list order) unless given
 * @param parameters the sink's own settings: String, Boolean, java.math.BigDecimal, List and
 *                   Map values, as read from JSON
 */
public record AlertSpec(String type, String name, Map<String, Object> parameters) {
    public AlertSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        parameters = Map.copyOf(parameters);
    }
}
