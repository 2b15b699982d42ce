package dev.vigil.api.status;

import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortHolder;
import java.util.List;
import java.util.Objects;

/**
 * One port assignment as tested for {@link PortsStatus}.
 *
 * @param assignment what the allocator gave
 * @param answers    whether something accepts connections on it over loopback
 * @param holder     who listens on it, or null when nobody can be seen to
 * @param heldBy     for people: {@code service NAME}, {@code foreign <holder>} or {@code nobody}
 * @param problems   what is wrong with it, one line each; empty when nothing is
 */
public record PortEntry(PortAssignment assignment, boolean answers, PortHolder holder, String heldBy,
                        List<String> problems) {
    public PortEntry {
        Objects.requireNonNull(assignment, "assignment");
        Objects.requireNonNull(heldBy, "heldBy");
        problems = List.copyOf(problems);
    }
}
