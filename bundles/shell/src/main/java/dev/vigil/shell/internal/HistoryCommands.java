package dev.vigil.shell.internal;

import dev.vigil.api.journal.HistoryEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code vigil:history}: what happened to a service, or to the whole system, from the journal. */
@Component(service = HistoryCommands.class, immediate = true, property = {
    "osgi.command.scope=vigil", "osgi.command.function=history"
})
public final class HistoryCommands {
    /** The most events one listing shows; --since narrows it. */
    static final int LIMIT = 500;
    private final Clock clock = Clock.systemUTC();

    @Reference
    private Reports reports;

    @Descriptor("the system's history: every service's changes and configs loaded or refused, oldest first")
    public String history(
            @Descriptor("only since: 30m, 1h, 2d, or a UTC time such as 2026-01-31T09:00:00Z")
            @Parameter(names = {"-s", "--since"}, absentValue = "") String since,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
            boolean json) {
        return render(null, since, json);
    }

    @Descriptor("one service's history: health and state changes, exits, restarts, recoveries and port moves, "
            + "oldest first")
    public String history(
            @Descriptor("only since: 30m, 1h, 2d, or a UTC time such as 2026-01-31T09:00:00Z")
            @Parameter(names = {"-s", "--since"}, absentValue = "") String since,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
            boolean json,
            @Descriptor("service name") String service) {
        reports.known(service);
        return render(service, since, json);
    }

    private String render(String service, String sinceText, boolean json) {
        Instant since = HistoryReport.since(sinceText, clock.instant());
        List<HistoryEvent> events = reports.journal().history(service, since, LIMIT + 1);
        boolean truncated = events.size() > LIMIT;
        if (truncated) {
            events = events.subList(events.size() - LIMIT, events.size());
        }
        return json ? HistoryReport.json(service, since, events, truncated)
                : HistoryReport.table(service, since, events, truncated);
    }
}
