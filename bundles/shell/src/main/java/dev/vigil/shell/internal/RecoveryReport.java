package dev.vigil.shell.internal;

import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.journal.RecoveryScore;
import dev.vigil.api.recovery.Failure;
import dev.vigil.api.recovery.RecoveryCoordinator.Sweep;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Recovery as people read it: scores, the last attempts, and what a sweep found and did. */
final class RecoveryReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private RecoveryReport() {
    }

    /** {@code vigil:recoveries}: a score per service (or per strategy of one service), then the last attempts. */
    static String scores(String service, List<RecoveryScore> byService, List<RecoveryScore> byStrategy,
                         List<RecoveryRecord> recent, Map<String, String> active) {
        StringBuilder out = new StringBuilder();
        if (service == null) {
            out.append(table("SERVICE", byService));
        }
        out.append(table("STRATEGY", byStrategy));
        active.forEach((s, what) -> {
            if (service == null || service.equals(s)) {
                out.append("recovering now: ").append(s).append(" (").append(what).append(")\n");
            }
        });
        out.append(recent.isEmpty() ? "(no recovery attempts" + (service == null ? "" : " for " + service) + ")\n"
                : "last attempts, oldest first:\n");
        recent.forEach(r -> out.append("  ").append(line(r)).append('\n'));
        return out.toString();
    }

    static String table(String heading, List<RecoveryScore> scores) {
        if (scores.isEmpty()) {
            return "";
        }
        int width = Math.max(heading.length(), scores.stream().mapToInt(s -> s.subject().length()).max().orElse(0));
        String row = "%-" + width + "s  %8s  %9s  %6s  %s%n";
        StringBuilder out = new StringBuilder(String.format(row, heading, "ATTEMPTS", "RECOVERED", "RATE", "MTTR"));
        for (RecoveryScore s : scores) {
            out.append(String.format(row, s.subject(), s.attempts(), s.successes(), percent(s), mttr(s)));
        }
        return out.toString();
    }

    static String summary(RecoveryScore s) {
        return s.attempts() + " attempts, " + s.successes() + " recovered (" + percent(s) + "), MTTR " + mttr(s);
    }

    static String percent(RecoveryScore s) {
        return s.attempts() == 0 ? "-" : Math.round(s.successRate() * 100) + "%";
    }

    static String mttr(RecoveryScore s) {
        return s.meanTimeToRecovery() == null ? "-" : millis(s.meanTimeToRecovery());
    }

    static String line(RecoveryRecord r) {
        return TIME.format(r.start()) + "  " + r.service() + "  " + r.kind() + "  " + r.strategy() + "  "
                + r.outcome() + " in " + millis(r.duration()) + ": " + r.detail();
    }

    /** {@code vigil recover}: what it found, what it did, how each attempt ended, what is still wrong. */
    static String sweep(Sweep s) {
        StringBuilder out = new StringBuilder();
        if (s.found().isEmpty()) {
            out.append("found: nothing to repair\n");
        }
        for (Failure f : s.found()) {
            out.append("found: ").append(f.service()).append(' ').append(f.kind()).append(": ").append(f.cause())
                    .append('\n');
        }
        for (RecoveryRecord r : s.attempts()) {
            out.append("did: ").append(r.service()).append(' ').append(r.strategy()).append(" -> ").append(r.outcome())
                    .append(" in ").append(millis(r.duration())).append(": ").append(r.detail()).append('\n');
        }
        if (s.timedOut()) {
            out.append("stopped waiting: some recoveries are still under way\n");
        }
        if (s.unhealthy().isEmpty()) {
            out.append("all services healthy\n");
        }
        s.unhealthy().forEach((name, why) -> out.append("not healthy: ").append(name).append(' ').append(why).append('\n'));
        return out.toString();
    }

    static String millis(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }
}
