package dev.vigil.check.jdbc.internal;

import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.Parameters;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a check as the monitor does: parameters from the config, a timeout, the result awaited. */
final class Runs {
    /** How late a result may come after the check's own timeout on a busy machine. */
    static final long MARGIN_MS = 1_000;

    private Runs() {
    }

    static CheckRequest request(Duration timeout, Object... parameters) {
        Map<String, Object> p = new HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            p.put((String) parameters[i], parameters[i + 1]);
        }
        return new CheckRequest("db", ProcessHandle.current().pid(), Map.of(), new Parameters(p), timeout);
    }

    static CompletableFuture<CheckResult> start(JdbcCheck check, Duration timeout, Object... parameters) {
        return check.run(request(timeout, parameters)).toCompletableFuture();
    }

    static CheckResult run(JdbcCheck check, Duration timeout, Object... parameters) throws Exception {
        return start(check, timeout, parameters).get(timeout.toMillis() + MARGIN_MS, TimeUnit.MILLISECONDS);
    }
}
