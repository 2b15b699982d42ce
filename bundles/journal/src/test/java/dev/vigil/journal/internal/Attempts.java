package dev.vigil.journal.internal;

import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.journal.RecoveryRecord.Outcome;
import dev.vigil.api.recovery.FailureKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Recovery attempts made by hand, and the journal file's lines as a user would read them. */
final class Attempts {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private Attempts() {
    }

    /** Attempt {@code n} (1-999) of restarting {@code service}: failed at T0 + n min, all lines the same length. */
    static RecoveryRecord numbered(String service, int n) {
        Instant failedAt = T0.plus(Duration.ofMinutes(n));
        return new RecoveryRecord(service, FailureKind.CRASHED, "restart", failedAt, failedAt.plusSeconds(1),
                Duration.ofMillis(1500), Outcome.RECOVERED, String.format("attempt %03d", n));
    }

    /** An attempt whose failure was seen at T0 + {@code failedAfter}, that began a second later and took {@code took}. */
    static RecoveryRecord attempt(String service, String strategy, Outcome outcome, Duration failedAfter, Duration took) {
        Instant failedAt = T0.plus(failedAfter);
        return new RecoveryRecord(service, FailureKind.UNHEALTHY, strategy, failedAt, failedAt.plusSeconds(1), took,
                outcome, strategy + " " + outcome);
    }

    /** The file's lines; malformed UTF-8 is replaced, as the journal reads it. */
    static List<String> lines(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    }
}
