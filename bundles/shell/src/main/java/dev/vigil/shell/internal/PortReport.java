package dev.vigil.shell.internal;

import dev.vigil.api.status.PortEntry;
import dev.vigil.api.status.PortsStatus;
import dev.vigil.api.status.StatusService;

/**
 * The port test of the system ({@code vigil ports}) as a table, or as the status service's
 * JSON, with its exit code: 0 only without conflicts. The test and its conflicts are the
 * status service's; this only renders.
 */
final class PortReport {
    private final PortsStatus ports;
    private final StatusService service;

    PortReport(PortsStatus ports, StatusService service) {
        this.ports = ports;
        this.service = service;
    }

    int exitCode() {
        return ports.exitCode();
    }

    String table() {
        StringBuilder out = new StringBuilder();
        if (ports.entries().isEmpty()) {
            out.append("(no ports assigned)\n");
        } else {
            int width = Math.max(12, ports.entries().stream().mapToInt(r -> label(r).length()).max().orElse(0));
            int asked = Math.max(5, ports.entries().stream().mapToInt(r -> r.assignment().spec().toString().length())
                    .max().orElse(0));
            String row = "%-" + width + "s  %5s  %-" + asked + "s  %-7s  %s%n";
            out.append(String.format(row, "SERVICE.PORT", "PORT", "ASKED", "ANSWERS", "HELD BY"));
            for (PortEntry r : ports.entries()) {
                out.append(String.format(row, label(r), r.assignment().port(), r.assignment().spec(),
                        r.answers() ? "yes" : "no", r.heldBy()));
            }
        }
        ports.notes().forEach(n -> out.append("note: ").append(n).append('\n'));
        if (ports.conflicts().isEmpty()) {
            out.append("no conflicts\n");
        } else {
            out.append("conflicts:\n");
            ports.conflicts().forEach(c -> out.append("  ").append(c).append('\n'));
        }
        return out.toString();
    }

    String json() {
        return service.json(ports);
    }

    private static String label(PortEntry r) {
        return r.assignment().service() + "." + r.assignment().name();
    }
}
