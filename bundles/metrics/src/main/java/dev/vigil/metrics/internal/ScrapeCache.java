package dev.vigil.metrics.internal;

import dev.vigil.api.http.EntityTags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * One exposition format's {@code /metrics} body, written at most once per {@link #MAX_AGE} and
 * shared by every scrape in that interval (the figures are read, the lateness quantiles sorted,
 * and 400 kB written once, not per scrape); gzipped at most once per body, for the scrapers that
 * ask for it.
 *
 * <p>Thread-safe: concurrent scrapes wait for the one rendering under way.
 */
final class ScrapeCache {
    /** How old a {@code /metrics} body may be at most. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    private final LongSupplier nanoClock;
    private final Supplier<byte[]> render;
    private Body body;
    private long renderedAt;

    /** A body as written, with its ETag, and its gzipped form once a scraper asked for it. */
    static final class Body {
        private final byte[] plain;
        private final String etag;
        private byte[] gzipped;

        Body(byte[] plain) {
            this.plain = plain;
            this.etag = EntityTags.of(plain);
        }

        byte[] plain() {
            return plain;
        }

        /** The ETag of the plain form; the gzipped one's is this with "-gz" inside the quotes. */
        String etag(boolean gzip) {
            return gzip ? EntityTags.variant(etag, "gz") : etag;
        }

        synchronized byte[] gzipped() {
            if (gzipped == null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 8 + 64);
                try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
                    gz.write(plain);
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // in memory: does not happen
                }
                gzipped = out.toByteArray();
            }
            return gzipped;
        }
    }

    ScrapeCache(LongSupplier nanoClock, Supplier<byte[]> render) {
        this.nanoClock = nanoClock;
        this.render = render;
    }

    /** The body written less than {@link #MAX_AGE} ago, or written now. */
    synchronized Body get() {
        long now = nanoClock.getAsLong();
        if (body == null || now - renderedAt >= MAX_AGE.toNanos()) {
            body = new Body(render.get());
            renderedAt = now;
        }
        return body;
    }
}
