package dev.vigil.ports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortConflictException;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.port.PortUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** How recovery moves one port of a service off a taken port, and what stays as it was. */
class PortReassignmentTest {
    @TempDir
    Path dir;

    private LeasedPortAllocator allocator;
    private final List<ServerSocket> held = new ArrayList<>();

    private LeasedPortAllocator allocator() {
        if (allocator == null) {
            allocator = new LeasedPortAllocator(dir.resolve("ports.json"), Path.of("/proc"), new SteppingClock());
        }
        return allocator;
    }

    @AfterEach
    void freeEverything() throws Exception {
        FreePorts.close(held);
    }

    private PortAssignment assignment(String service, String name) {
        return allocator().assignments().stream().filter(a -> a.service().equals(service) && a.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no assignment of " + service + "." + name));
    }

    /** What was logged while {@code action} ran: slf4j-simple writes to whatever System.err is then. */
    private static String logged(Executable action) throws Throwable {
        PrintStream err = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.execute();
        } finally {
            System.setErr(err);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void wholeRangeTakenIsAConflictAndThenNoReassignmentNamingTheRangeAndTheFix() throws Exception {
        held.addAll(FreePorts.bindConsecutive(3));
        int low = held.get(0).getLocalPort();
        int high = low + 2;
        PortSpec spec = new PortSpec(low, low, high);
        allocator().allocate("web", Map.of("admin", PortSpec.auto()));
        List<PortAssignment> before = allocator().assignments();
        byte[] fileBefore = Files.readAllBytes(dir.resolve("ports.json"));
        Map<String, PortSpec> ports = new LinkedHashMap<>();
        ports.put("admin", PortSpec.of(FreePorts.one())); // would change the admin lease if it went through
        ports.put("http", spec);

        PortConflictException conflict = assertThrows(PortConflictException.class,
                () -> allocator().allocate("web", ports));
        assertEquals(low, conflict.port());
        assertEquals(before, allocator().assignments());

        PortUnavailableException e = assertThrowsExactly(PortUnavailableException.class,
                () -> allocator().reassign("web", "http", spec));

        assertTrue(e.getMessage().startsWith("port web.http: every port of " + low + "-" + high + " is taken"),
                e.getMessage());
        assertTrue(e.getMessage().contains(low + " held by pid " + ProcessHandle.current().pid()), e.getMessage());
        assertTrue(e.getMessage().endsWith("widen the range, free a port, or use \"auto\""), e.getMessage());
        assertEquals(before, allocator().assignments());
        assertEquals(new String(fileBefore), Files.readString(dir.resolve("ports.json")));
    }

    @Test
    void withoutARangeAnyFreePortOtherThanTheOldOneIsGiven() throws Exception {
        // The old port is free here, so only the allocator's refusal keeps the system from offering it again.
        int old = allocator().allocate("web", Map.of("http", PortSpec.auto())).get("http");

        for (int i = 0; i < 10; i++) {
            int next = allocator().reassign("web", "http", PortSpec.auto());

            assertNotEquals(old, next);
            assertEquals(Map.of("http", next), allocator().allocate("web", Map.of("http", PortSpec.auto())));
            try (ServerSocket service = new ServerSocket(next)) {
                assertTrue(service.isBound()); // the service can bind what it was given
            }
            old = next;
        }
    }

    @Test
    void reassigningOnePortOfAServiceLeavesItsOtherPortAlone() throws Exception {
        held.addAll(FreePorts.bindConsecutive(3));
        int low = held.get(0).getLocalPort();
        FreePorts.close(held);
        held.clear();
        PortSpec http = new PortSpec(low, low, low + 2);
        Map<String, PortSpec> ports = new LinkedHashMap<>();
        ports.put("http", http);
        ports.put("admin", PortSpec.of(low + 1)); // inside http's range: reassign must not take it
        assertEquals(Map.of("http", low, "admin", low + 1), allocator().allocate("web", ports));
        PortAssignment admin = assignment("web", "admin");

        assertEquals(low + 2, allocator().reassign("web", "http", http));

        assertEquals(admin, assignment("web", "admin"));
        assertEquals(Map.of("http", low + 2, "admin", low + 1), allocator().allocate("web", ports));
        assertEquals(admin, assignment("web", "admin"));
    }

    @Test
    void reassignmentIsLoggedAsAWarningNamingTheOldPortTheNewPortAndTheHolder() throws Throwable {
        held.addAll(FreePorts.bindConsecutive(3));
        int base = held.get(0).getLocalPort();
        held.remove(2).close();
        held.remove(1).close();
        PortSpec spec = new PortSpec(base, base, base + 2);
        assertThrows(PortConflictException.class, () -> allocator().allocate("web", Map.of("http", spec)));

        String log = logged(() -> allocator().reassign("web", "http", spec));

        assertTrue(log.contains("WARN"), log);
        assertTrue(log.contains("Service web: port http moved from " + base + " to " + (base + 1)), log);
        assertTrue(log.contains(base + " is held by pid " + ProcessHandle.current().pid()), log);
    }
}
