package dev.vigil.metrics.internal;

import dev.vigil.api.http.EntityTags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * One exposition format's {@code /metrics} body, written at most once per {@link #MAX_AGE} and
 * shared by every scrape in that interval (the figures are read, the lateness quantiles sorted,
 * and 400 kB written once, not per scrape); gzipped at most once per body, for the scrapers that
 * ask for it.
 *
 * <p>The body is written into a buffer kept from one render to the next, once no scrape still
 * sends it: a new 400 kB array each second lived just long enough to be copied by a young
 * collection, often into the old generation, and the full collections that followed were what
 * made checks late while /metrics was scraped (bench/http.sh, 2026-12-03).
 *
 * <p>Thread-safe: concurrent scrapes wait for the one rendering under way.
 */
final class ScrapeCache {
    /** How old a {@code /metrics} body may be at most. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    private final LongSupplier nanoClock;
    private final Consumer<OutputStream> render;
    private Body body;
    /** The body before the current one, written over by the next render if no scrape holds it then. */
    private Body spare;
    private long renderedAt;

    /** A growable buffer whose array is kept when it is written again. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(64 * 1024);
        }

        byte[] array() {
            return buf;
        }
    }

    /**
     * A body as written, with its ETag, and its gzipped form once a scraper asked for it. A
     * scrape {@link ScrapeCache#get() gets} it held and {@link #release() releases} it once sent.
     */
    static final class Body {
        private final Buffer plain = new Buffer();
        private final AtomicInteger holders = new AtomicInteger();
        private String etag;
        private byte[] gzipped;

        private void fill(Consumer<OutputStream> render) {
            plain.reset();
            gzipped = null;
            render.accept(plain);
            etag = EntityTags.of(plain.array(), plain.size());
        }

        /** A copy of the plain form. */
        byte[] plain() {
            return Arrays.copyOf(plain.array(), plain.size());
        }

        int length() {
            return plain.size();
        }

        /** Writes the plain form. */
        void writeTo(OutputStream out) throws IOException {
            out.write(plain.array(), 0, plain.size());
        }

        /** The ETag of the plain form; the gzipped one's is this with "-gz" inside the quotes. */
        String etag(boolean gzip) {
            return gzip ? EntityTags.variant(etag, "gz") : etag;
        }

        synchronized byte[] gzipped() {
            if (gzipped == null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(plain.size() / 8 + 64);
                try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
                    writeTo(gz);
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // in memory: does not happen
                }
                gzipped = out.toByteArray();
            }
            return gzipped;
        }

        /** The scrape that got this body has sent it. */
        void release() {
            holders.decrementAndGet();
        }
    }

    /** @param render writes a whole body into the stream it is given */
    ScrapeCache(LongSupplier nanoClock, Consumer<OutputStream> render) {
        this.nanoClock = nanoClock;
        this.render = render;
    }

    /** The body written less than {@link #MAX_AGE} ago, or written now; held until {@link Body#release()}. */
    synchronized Body get() {
        long now = nanoClock.getAsLong();
        if (body == null || now - renderedAt >= MAX_AGE.toNanos()) {
            // Only this cache hands bodies out, under this lock: a spare nobody holds stays so.
            Body next = spare != null && spare.holders.get() == 0 ? spare : new Body();
            next.fill(render);
            spare = body;
            body = next;
            renderedAt = now;
        }
        body.holders.incrementAndGet();
        return body;
    }
}
