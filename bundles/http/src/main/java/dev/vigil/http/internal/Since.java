package dev.vigil.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code since} parameter: a span back from now ({@code 90s}, {@code 30m}, {@code 1h}, {@code 7d}) or an instant. */
final class Since {
    private static final Pattern SPAN = Pattern.compile("(\\d{1,9})(s|m|h|d)");

    private Since() {
    }

    /** @return the instant, or null for none given (all the journal holds) */
    static Instant parse(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        Matcher m = SPAN.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since: expected a span back from now such as 90s, 30m, 1h or 7d, or an"
                    + " instant such as 2026-12-01T08:00:00Z, found \"" + text + "\"");
        }
    }
}
