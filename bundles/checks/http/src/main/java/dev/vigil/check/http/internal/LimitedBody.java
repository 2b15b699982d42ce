package dev.vigil.check.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Collects the first bytes of a response body without holding a thread while it arrives;
 * the rest is read and dropped, so a large body costs no memory.
 */
final class LimitedBody implements Flow.Subscriber<List<ByteBuffer>> {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    LimitedBody(int limit) {
        this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            int room = limit - kept.size();
            if (room <= 0) {
                return;
            }
            int n = Math.min(room, b.remaining());
            byte[] chunk = new byte[n];
            b.get(chunk);
            kept.write(chunk, 0, n);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // The client completes the response exceptionally; nothing to keep.
    }

    @Override
    public void onComplete() {
        // The text is read through text() once the client says the body is complete.
    }

    String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
