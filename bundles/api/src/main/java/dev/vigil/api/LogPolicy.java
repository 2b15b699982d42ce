package dev.vigil.api;

/**
 * How a service's output is kept: {@code NAME.log} grows to {@code maxBytes}, then becomes
 * {@code NAME.log.1} (the older ones shift up) and a new {@code NAME.log} begins; at most
 * {@code files} rotated files are kept, so a service never holds more than
 * {@code maxBytes * (files + 1)} on disk, however fast it writes.
 *
 * @param maxBytes size at which the current file is rotated, at least {@link #MIN_BYTES}
 * @param files    rotated files kept besides the current one, 0 to 100
 */
public record LogPolicy(long maxBytes, int files) {
    /** The smallest rotation size accepted: below it a log holds too little to read. */
    public static final long MIN_BYTES = 4096;
    /** 10 MiB x 5, when neither the service nor {@code defaults.log} says. */
    public static final LogPolicy DEFAULT = new LogPolicy(10L * 1024 * 1024, 5);

    public LogPolicy {
        if (maxBytes < MIN_BYTES) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " is below " + MIN_BYTES);
        }
        if (files < 0 || files > 100) {
            throw new IllegalArgumentException("files must be 0 to 100, was " + files);
        }
    }
}
