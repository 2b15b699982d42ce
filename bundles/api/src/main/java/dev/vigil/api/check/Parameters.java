package dev.vigil.api.check;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A check's own parameters, read the same way by every check type: durations as in the
 * config ({@code 250ms}, {@code 2s}), sizes with a unit ({@code 512MB}), numbers, strings,
 * lists. A missing or malformed parameter throws {@link IllegalArgumentException} with a
 * message naming it, which the monitor reports as the check's result.
 */
public record Parameters(Map<String, Object> values) {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB|TB)?", Pattern.CASE_INSENSITIVE);

    public Parameters {
        values = Map.copyOf(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<String> string(String name) {
        Object v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    public String required(String name) {
        return string(name).orElseThrow(() -> new IllegalArgumentException("parameter \"" + name + "\" is missing"));
    }

    public Optional<BigDecimal> number(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(v instanceof BigDecimal b ? b : new BigDecimal(v.toString().trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter \"" + name + "\": expected a number, found \"" + v + "\"");
        }
    }

    public Optional<Duration> duration(String name) {
        return string(name).map(text -> {
            Matcher m = DURATION.matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("parameter \"" + name + "\": expected a duration such as 250ms or 2s, found \""
                        + text + "\"");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        });
    }

    /** A size in bytes: {@code 512MB}, {@code 1GB}, {@code 4096}. */
    public Optional<Long> bytes(String name) {
        return string(name).map(text -> {
            Matcher m = SIZE.matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("parameter \"" + name + "\": expected a size such as 512MB, found \""
                        + text + "\"");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
            int shift = List.of("B", "KB", "MB", "GB", "TB").indexOf(unit) * 10;
            return n << shift;
        });
    }

    public Optional<Boolean> bool(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        throw new IllegalArgumentException("parameter \"" + name + "\": expected true or false, found \"" + v + "\"");
    }

    /** A list of strings, or a single string as a list of one. */
    public Optional<List<String>> strings(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof List<?> l) {
            return Optional.of(l.stream().map(String::valueOf).toList());
        }
        return Optional.of(List.of(v.toString()));
    }

    /** An object parameter, such as {@code "expectJson": {"status": "ok"}}. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> object(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map<?, ?> m) {
            return Optional.of((Map<String, Object>) m);
        }
        throw new IllegalArgumentException("parameter \"" + name + "\": expected an object {...}, found \"" + v + "\"");
    }
}
