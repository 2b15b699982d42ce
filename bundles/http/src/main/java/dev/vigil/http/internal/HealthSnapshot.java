package dev.vigil.http.internal;

import dev.vigil.api.http.EntityTags;
import dev.vigil.api.status.StatusService;
import dev.vigil.api.status.SystemStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The status that {@code /health} answers from, read at most once per {@link #MAX_AGE}, and the
 * {@code GET /health} body rendered at most once per such read: under load every request in
 * that interval shares one read and one body instead of walking every service and check again.
 * Every {@code /health} path of one interval answers from the same read, so they agree.
 *
 * <p>Thread-safe: concurrent requests wait for the one read or rendering under way.
 */
final class HealthSnapshot {
    /** How old the status behind a {@code /health} answer may be at most. */
    static final Duration MAX_AGE = Duration.ofMillis(500);
    private final LongSupplier nanoClock;
    private StatusService source;
    private SystemStatus status;
    private long readAt;
    private Body body;

    /** One rendered {@code GET /health}: its bytes, its HTTP status and an ETag for them. */
    record Body(byte[] bytes, int httpStatus, String etag) {
    }

    HealthSnapshot(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * The status of {@code service} read less than {@link #MAX_AGE} ago, or read now.
     *
     * @throws IllegalStateException as {@link StatusService#status()} does (nothing is kept then)
     */
    synchronized SystemStatus status(StatusService service) {
        long now = nanoClock.getAsLong();
        if (status == null || source != service || now - readAt >= MAX_AGE.toNanos()) {
            status = null;
            body = null;
            SystemStatus read = service.status();
            source = service;
            status = read;
            readAt = now;
        }
        return status;
    }

    /** The {@code GET /health} body of {@code read} (the one {@link #status} returned), rendered once. */
    synchronized Body system(SystemStatus read) {
        if (body != null && read == status) {
            return body;
        }
        String label = read.verdict().label();
        Body b = body(HealthJson.system(read).toString() + "\n", HealthJson.httpStatus(label));
        if (read == status) {
            body = b;
        }
        return b;
    }

    static Body body(String text, int httpStatus) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new Body(bytes, httpStatus, EntityTags.of(bytes));
    }
}
