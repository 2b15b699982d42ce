package dev.vigil.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the health tests read from a running daemon, each through the CLI as an operator
 * would: {@code vigil:health}, {@code vigil:health NAME}, {@code vigil:events} and
 * {@code vigil status --json}.
 */
final class HealthCli {
    private static final Pattern EVENT = Pattern.compile("(\\S+) (\\S+) \\{(.*)}");
    private static final Pattern CHECK = Pattern.compile(
            " {2}(\\S+) \\[([^\\]]+)]: (UP|DEGRADED|DOWN|UNKNOWN), (\\d+) failures / (\\d+) passes in a row");

    /** One line of {@code vigil:events}: when, which topic, and its properties as printed. */
    record Event(Instant time, String topic, String props, String line) {
        /** A health change of this service from one status to another. */
        boolean health(String service, String from, String to) {
            return topic.equals("dev/vigil/health/CHANGED")
                    && props.endsWith("from=" + from + ", service=" + service + ", to=" + to);
        }
    }

    /** One check in {@code vigil:health NAME}: its heading and the result lines below it, oldest first. */
    record Check(String name, String status, int failures, int passes, List<String> results) {
        String lastResult() {
            return results.isEmpty() ? "" : results.get(results.size() - 1);
        }
    }

    private final Dist dist;

    HealthCli(Dist dist) {
        this.dist = dist;
    }

    /** {@code vigil ctl ARGS}, which must succeed. */
    String ctl(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "ctl";
        System.arraycopy(args, 0, argv, 1, args.length);
        Dist.Result r = dist.vigil(argv);
        if (r.code() != 0) {
            throw new AssertionError("vigil ctl " + String.join(" ", args) + " exited " + r.code() + ":\n" + r.all());
        }
        return r.out();
    }

    /** The last 500 events, oldest first. */
    List<Event> events() {
        List<Event> out = new ArrayList<>();
        for (String line : ctl("vigil:events", "500").split("\n")) {
            Matcher m = EVENT.matcher(line);
            if (m.matches()) {
                out.add(new Event(Instant.parse(m.group(1)), m.group(2), m.group(3), line));
            }
        }
        return out;
    }

    /** The first health change of the service from → to posted after {@code after}. */
    Optional<Event> healthEvent(String service, String from, String to, Instant after) {
        return events().stream().filter(e -> e.health(service, from, to) && e.time().isAfter(after)).findFirst();
    }

    Event awaitHealthEvent(Duration timeout, String service, String from, String to, Instant after)
            throws InterruptedException {
        Event[] found = new Event[1];
        try {
            Dist.await(timeout, service + " " + from + " -> " + to + " in vigil:events", () -> {
                found[0] = healthEvent(service, from, to, after).orElse(null);
                return found[0] != null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + ctl("vigil:events", "30") + "\n" + ctl("vigil:health", service));
        }
        return found[0];
    }

    /** The check of that service as {@code vigil:health SERVICE} shows it. */
    Check check(String service, String check) {
        String detail = ctl("vigil:health", service);
        Check found = null;
        List<String> results = null;
        for (String line : detail.split("\n")) {
            Matcher m = CHECK.matcher(line);
            if (m.matches()) {
                if (found != null) {
                    break;
                }
                if (m.group(1).equals(check)) {
                    results = new ArrayList<>();
                    found = new Check(check, m.group(3), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                            results);
                }
            } else if (found != null && line.startsWith("    ")) {
                results.add(line.trim());
            }
        }
        if (found == null) {
            throw new AssertionError("no check " + check + " in vigil:health " + service + ":\n" + detail);
        }
        return found;
    }

    /** The service's health in {@code vigil status --json}, or ABSENT. */
    String health(String service) {
        var s = StatusJson.of(dist).service(service);
        return s == null || !s.has("health") ? "ABSENT" : s.get("health").getAsString();
    }

    void awaitHealth(Duration timeout, String service, String status) throws InterruptedException {
        try {
            Dist.await(timeout, service + " " + status, () -> health(service).equals(status));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + ctl("vigil:health") + ctl("vigil:health", service));
        }
    }

    /** Sends a signal (STOP, CONT...) to a process, as {@code kill -SIG pid} would. */
    static void signal(long pid, String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " " + pid + " exited " + p.exitValue());
        }
    }
}
