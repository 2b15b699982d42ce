package dev.vigil.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.status.PortsStatus;
import dev.vigil.api.status.StatusService;
import dev.vigil.api.status.SystemStatus;
import dev.vigil.api.status.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** /health answers from a status at most MAX_AGE old, its body rendered once per status. */
class HealthSnapshotTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final HealthSnapshot snapshot = new HealthSnapshot(now::get);

    /** A status service whose verdict is the next of {@code verdicts} at each read, counting reads. */
    private static final class Reads implements StatusService {
        final AtomicInteger count = new AtomicInteger();
        final Verdict[] verdicts;

        Reads(Verdict... verdicts) {
            this.verdicts = verdicts;
        }

        @Override
        public SystemStatus status() {
            int n = count.getAndIncrement();
            if (n >= verdicts.length) {
                throw new IllegalStateException("the supervisor is not running");
            }
            return new SystemStatus(verdicts[n], Instant.now(), List.of(), List.of(), null);
        }

        @Override
        public String json(SystemStatus status) {
            return "{}";
        }

        @Override
        public PortsStatus ports() {
            throw new IllegalStateException("not read here");
        }

        @Override
        public String json(PortsStatus ports) {
            return "{}";
        }
    }

    @Test
    void oneReadAndOneBodyPerIntervalThenANewRead() {
        Reads service = new Reads(Verdict.PASS, Verdict.FAIL);
        SystemStatus first = snapshot.status(service);
        HealthSnapshot.Body body = snapshot.system(first);
        now.addAndGet(HealthSnapshot.MAX_AGE.toNanos() - 1);
        assertSame(first, snapshot.status(service));
        assertSame(body, snapshot.system(first));
        assertEquals(1, service.count.get());
        assertEquals(200, body.httpStatus());
        assertTrue(new String(body.bytes(), StandardCharsets.UTF_8).startsWith("{\"status\":\"pass\""));

        now.addAndGet(1);
        SystemStatus second = snapshot.status(service);
        assertNotSame(first, second);
        HealthSnapshot.Body failed = snapshot.system(second);
        assertEquals(503, failed.httpStatus());
        assertTrue(!failed.etag().equals(body.etag()), "a new body, a new ETag");
    }

    @Test
    void aFailedReadKeepsNothingAndAnotherServiceIsReadAfresh() {
        Reads gone = new Reads();
        assertThrows(IllegalStateException.class, () -> snapshot.status(gone));
        Reads other = new Reads(Verdict.WARN);
        assertEquals(Verdict.WARN, snapshot.status(other).verdict());
        assertEquals(1, other.count.get());
    }
}
