package dev.vigil.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** A /metrics body is written once per interval, never older than that, and gzipped on request. */
class ScrapeCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger written = new AtomicInteger();
    private final ScrapeCache cache = new ScrapeCache(now::get, out -> {
        try {
            out.write(("vigil_scrape " + written.incrementAndGet() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    });

    @Test
    void scrapesWithinTheIntervalShareOneBodyAndALaterOneGetsANewOne() {
        ScrapeCache.Body first = cache.get();
        now.addAndGet(ScrapeCache.MAX_AGE.toNanos() - 1);
        assertSame(first, cache.get());
        assertEquals(1, written.get());
        now.addAndGet(1);
        ScrapeCache.Body second = cache.get();
        assertEquals("vigil_scrape 2\n", new String(second.plain(), StandardCharsets.UTF_8));
        assertNotEquals(first.etag(false), second.etag(false), "a new body, a new ETag");
    }

    @Test
    void theGzippedFormIsTheSameBodyWithItsOwnETag() throws IOException {
        ScrapeCache.Body b = cache.get();
        byte[] gz = b.gzipped();
        assertSame(gz, b.gzipped(), "gzipped once");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(b.plain(), in.readAllBytes());
        }
        assertNotEquals(b.etag(false), b.etag(true));
        assertTrue(b.etag(true).startsWith("\"") && b.etag(true).endsWith("\""), b.etag(true));
    }

    @Test
    void gzipOnlyWhenTheClientTakesIt() {
        assertTrue(MetricsServlet.acceptsGzip("gzip"));
        assertTrue(MetricsServlet.acceptsGzip("identity, GZIP;q=0.5"));
        assertFalse(MetricsServlet.acceptsGzip(null));
        assertFalse(MetricsServlet.acceptsGzip("identity"));
        assertFalse(MetricsServlet.acceptsGzip("gzip;q=0"));
        assertFalse(MetricsServlet.acceptsGzip("br, gzip; q=0.0"));
    }

    @Test
    void aBodyIsWrittenOverOnlyOnceNoScrapeHoldsIt() {
        ScrapeCache.Body first = cache.get();
        first.release();
        now.addAndGet(ScrapeCache.MAX_AGE.toNanos());
        ScrapeCache.Body second = cache.get(); // still held: a slow client
        now.addAndGet(ScrapeCache.MAX_AGE.toNanos());
        ScrapeCache.Body third = cache.get();
        assertSame(first, third, "the body nobody held is written over");
        assertEquals("vigil_scrape 3\n", new String(third.plain(), StandardCharsets.UTF_8));
        third.release();
        now.addAndGet(ScrapeCache.MAX_AGE.toNanos());
        ScrapeCache.Body fourth = cache.get();
        assertNotSame(second, fourth, "the held one is left alone");
        assertEquals("vigil_scrape 2\n", new String(second.plain(), StandardCharsets.UTF_8), "and still says what it said");
        assertEquals("vigil_scrape 4\n", new String(fourth.plain(), StandardCharsets.UTF_8));
        second.release();
        fourth.release();
    }
}
