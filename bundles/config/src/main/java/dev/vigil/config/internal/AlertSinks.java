package dev.vigil.config.internal;

import java.util.Map;

/** What each alert sink type accepts; a value it cannot use is an error here, not at the first incident. */
final class AlertSinks {
    private AlertSinks() {
    }

    static void audit(Fields f, String at, String type, Map<String, Object> params) {
        // Filled in per sink type.
    }
}
