package dev.vigil.recovery.coordinator.internal;

import dev.vigil.api.journal.RecoveryRecord;
import dev.vigil.api.journal.RecoveryRecord.Outcome;
import dev.vigil.api.recovery.Failure;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.recovery.RecoveryOutcome;
import dev.vigil.api.recovery.RecoveryStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One failure of one service, taken through its strategies in order until one repairs it:
 * each strategy that handles the failure's kind acts, then the repair is verified, and
 * every attempt is recorded. A pass in which strategies acted but none repaired it is
 * followed by another (a restart backs off, and gives up at its limit); a pass in which
 * none could act, or too many passes, put the service into FATAL with the reason.
 */
final class Incident {
    private static final Logger LOG = LoggerFactory.getLogger(Incident.class);

    /** What an incident needs from the coordinator. */
    interface Context {
        RecoveryStrategy strategy(String name);

        /** Verifies a repair, at most {@code timeout}. */
        Verification.Result verify(Failure failure, Duration timeout, Incident incident) throws InterruptedException;

        /** The failure as it stands now (a crash seen during a repair), or the one given. */
        Failure current(Failure failure);

        void giveUp(String service, String reason);

        void record(RecoveryRecord attempt);
    }

    private final Failure first;
    private final List<String> strategies;
    private final Duration verifyTimeout;
    private final int maxPasses;
    private final Context context;
    private final Clock clock;
    private volatile boolean cancelled;
    private volatile String working = "";
    private String lastPassed = "";
    /** Why strategies could not help, said with every later step: a FATAL then tells the whole story. */
    private final java.util.Set<String> notes = new java.util.LinkedHashSet<>();

    Incident(Failure failure, List<String> strategies, Duration verifyTimeout, int maxPasses, Context context,
             Clock clock) {
        this.first = failure;
        this.strategies = List.copyOf(strategies);
        this.verifyTimeout = verifyTimeout;
        this.maxPasses = Math.max(1, maxPasses);
        this.context = context;
        this.clock = clock;
    }

    Failure failure() {
        return first;
    }

    /** Ends the incident at the next step: an operator took over, or the service left the config. */
    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** The strategy at work, for status. */
    String working() {
        return working;
    }

    /** Runs to the end; returns whether the service was repaired. */
    boolean run() throws InterruptedException {
        Failure failure = first;
        List<String> tried = new ArrayList<>();
        for (int pass = 1; pass <= maxPasses && !cancelled; pass++) {
            boolean acted = false;
            for (String name : strategies) {
                if (cancelled) {
                    return false;
                }
                RecoveryStrategy s = context.strategy(name);
                if (s == null) {
                    if (pass == 1) {
                        skipped(failure, name, "not installed; drop its bundle into deploy/");
                    }
                    continue;
                }
                if (!s.handles().contains(failure.kind())) {
                    continue;
                }
                working = name;
                Attempt a = attempt(s, withNotes(failure));
                working = "";
                if (a == Attempt.RECOVERED) {
                    return true;
                }
                if (a == Attempt.GAVE_UP) {
                    return false;
                }
                if (a != Attempt.PASSED) {
                    acted = true;
                    tried.add(name);
                    failure = context.current(failure);
                } else {
                    notes.add(name + ": " + lastPassed);
                }
            }
            if (!acted) {
                if (first.kind() == FailureKind.UNHEALTHY) {
                    // Nothing may act on it: it is left running, and reported DOWN, as its config asks.
                    LOG.warn("Service {} is DOWN and no recovery strategy of {} acts on it; left as it is",
                            first.service(), strategies);
                } else if (!cancelled) {
                    context.giveUp(first.service(), withNotes(failure).cause() + "; no recovery strategy could act"
                            + (strategies.isEmpty() ? " (its recovery list is empty)" : " (tried: "
                            + String.join(", ", strategies) + ")"));
                }
                return false;
            }
        }
        if (!cancelled) {
            context.giveUp(first.service(), withNotes(first).cause() + "; still failing after " + maxPasses
                    + " recovery passes (" + String.join(", ", tried) + ")");
        }
        return false;
    }

    private Failure withNotes(Failure f) {
        if (notes.isEmpty()) {
            return f;
        }
        return new Failure(f.service(), f.kind(), f.cause() + "; " + String.join("; ", notes), f.time(), f.healthyFor(),
                f.port());
    }

    private enum Attempt { RECOVERED, FAILED, GAVE_UP, PASSED }

    private Attempt attempt(RecoveryStrategy s, Failure failure) throws InterruptedException {
        Instant start = clock.instant();
        RecoveryOutcome outcome;
        try {
            outcome = s.recover(failure);
        } catch (RuntimeException e) {
            LOG.error("Recovery strategy {} failed on {}", s.name(), failure.service(), e);
            record(failure, s.name(), start, Outcome.FAILED, "the strategy threw " + e);
            return Attempt.FAILED;
        }
        switch (outcome.action()) {
            case PASSED -> {
                lastPassed = outcome.message();
                record(failure, s.name(), start, Outcome.SKIPPED, outcome.message());
                return Attempt.PASSED;
            }
            case GAVE_UP -> {
                record(failure, s.name(), start, Outcome.GAVE_UP, outcome.message());
                return Attempt.GAVE_UP;
            }
            default -> {
                Verification.Result v = context.verify(failure, verifyTimeout, this);
                if (cancelled && !v.healthy()) {
                    record(failure, s.name(), start, Outcome.FAILED, outcome.message() + "; then an operator took over");
                    return Attempt.FAILED;
                }
                record(failure, s.name(), start, v.healthy() ? Outcome.RECOVERED : Outcome.FAILED,
                        outcome.message() + "; " + (v.healthy() ? "verified healthy: " : "") + v.detail());
                return v.healthy() ? Attempt.RECOVERED : Attempt.FAILED;
            }
        }
    }

    private void skipped(Failure failure, String name, String why) {
        LOG.warn("Service {}: recovery strategy {} {}", failure.service(), name, why);
        record(failure, name, clock.instant(), Outcome.SKIPPED, why);
    }

    private void record(Failure failure, String strategy, Instant start, Outcome outcome, String detail) {
        Duration took = Duration.between(start, clock.instant());
        RecoveryRecord r = new RecoveryRecord(failure.service(), failure.kind(), strategy, first.time(), start, took,
                outcome, detail);
        LOG.info("Recovery of {} ({}) by {}: {} in {} ms: {}", r.service(), r.kind(), strategy, outcome,
                took.toMillis(), detail);
        context.record(r);
    }
}
