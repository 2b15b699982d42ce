package dev.vigil.supervisor.internal;

import java.util.Locale;

/** What a service wrote since its launch, read to tell a port conflict from a crash. */
final class LogTail {
    private LogTail() {
    }

    /** Whether the output says the address was in use, as servers word it. */
    static boolean saysAddressInUse(String output) {
        String text = output.toLowerCase(Locale.ROOT);
        return text.contains("address already in use") || text.contains("eaddrinuse");
    }
}
