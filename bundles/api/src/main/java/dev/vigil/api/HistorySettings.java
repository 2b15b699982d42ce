package dev.vigil.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the journal keeps Vigil's history ({@code system.history}): the current file grows to
 * {@code maxBytes}, then is rotated; at most {@code files} rotated files are kept, and a
 * rotated file whose newest entry is older than {@code keep} is deleted. The journal never
 * holds more than {@code maxBytes * (files + 1)} on disk.
 *
 * @param maxBytes size at which the current file is rotated, at least {@link #MIN_BYTES}
 * @param files    rotated files kept besides the current one, 1 to 100
 * @param keep     how long history is kept, at least a minute
 */
public record HistorySettings(long maxBytes, int files, Duration keep) {
    /** The smallest rotation size accepted. */
    public static final long MIN_BYTES = 4096;
    /** 10 MiB x 5, kept 30 days. */
    public static final HistorySettings DEFAULT = new HistorySettings(10L * 1024 * 1024, 5, Duration.ofDays(30));

    public HistorySettings {
        Objects.requireNonNull(keep, "keep");
        if (maxBytes < MIN_BYTES) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " is below " + MIN_BYTES);
        }
        if (files < 1 || files > 100) {
            throw new IllegalArgumentException("files must be 1 to 100, was " + files);
        }
        if (keep.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("keep must be at least 1m, was " + keep);
        }
    }
}
