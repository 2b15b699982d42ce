package dev.vigil.ports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortConflictException;
import dev.vigil.api.port.PortHolder;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.port.PortUnavailableException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which port a service is given within one run of the daemon, and when it is refused one,
 * with real sockets and a real other process. Moving a service is {@link PortReassignmentTest}'s.
 */
class LeasedPortAllocatorTest {
    @TempDir
    Path dir;

    private LeasedPortAllocator allocator;
    private final List<ServerSocket> held = new ArrayList<>();
    private ListeningProcess other;

    private LeasedPortAllocator allocator() {
        if (allocator == null) {
            allocator = new LeasedPortAllocator(dir.resolve("ports.json"), Path.of("/proc"), new SteppingClock());
        }
        return allocator;
    }

    @AfterEach
    void freeEverything() throws Exception {
        FreePorts.close(held);
        if (other != null) {
            other.close();
        }
    }

    private int allocate(String service, PortSpec spec) throws PortUnavailableException {
        return allocator().allocate(service, Map.of("http", spec)).get("http");
    }

    private PortAssignment assignment(String service) {
        return allocator().assignments().stream().filter(a -> a.service().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no assignment of " + service));
    }

    private static PortHolder holderOf(PortConflictException e) {
        return e.holder().orElseThrow(() -> new AssertionError("no holder named: " + e.getMessage()));
    }

    @Test
    void freePreferredPortIsGiven() throws Exception {
        int port = FreePorts.one();

        assertEquals(port, allocate("web", PortSpec.of(port)));
        assertEquals("preferred", assignment("web").reason());
        assertFalse(assignment("web").moved());
    }

    @Test
    void preferredPortHeldByAnotherProcessIsAConflictNamingItUntilReassignedWithinTheRange() throws Exception {
        held.addAll(FreePorts.bindConsecutive(3));
        int base = held.get(0).getLocalPort();
        held.remove(0).close();
        other = ListeningProcess.start(dir, base);
        FreePorts.close(held);
        PortSpec spec = new PortSpec(base, base, base + 2);

        PortConflictException e = assertThrows(PortConflictException.class, () -> allocate("web", spec));

        assertEquals("web", e.service());
        assertEquals("http", e.portName());
        assertEquals(base, e.port());
        assertEquals(other.pid(), holderOf(e).pid());
        assertTrue(holderOf(e).commandLine().contains("Listen.java"), holderOf(e).commandLine());
        assertTrue(e.getMessage().contains("pid " + other.pid()), e.getMessage());
        assertEquals(List.of(), allocator().assignments());
        assertEquals(e.getMessage(), allocator().unavailable().get("web.http"));

        assertEquals(base + 1, allocator().reassign("web", "http", spec));
        assertEquals(base + 1, allocate("web", spec));
        PortAssignment a = assignment("web");
        assertTrue(a.moved());
        assertTrue(a.reason().startsWith(base + " was held by pid " + other.pid() + " ("), a.reason());
        assertTrue(a.reason().contains("Listen.java"), a.reason());
        assertEquals(Map.of(), allocator().unavailable());
    }

    @Test
    void preferredPortTakenWithoutARangeIsAConflictUntilReassignedToAnyFreePort() throws Exception {
        ServerSocket taken = new ServerSocket(0);
        held.add(taken);
        int port = taken.getLocalPort();

        PortConflictException e = assertThrows(PortConflictException.class, () -> allocate("web", PortSpec.of(port)));

        assertEquals(ProcessHandle.current().pid(), holderOf(e).pid());
        assertEquals(List.of(), allocator().assignments());
        int given = allocator().reassign("web", "http", PortSpec.of(port));
        assertNotEquals(port, given);
        assertEquals(given, allocate("web", PortSpec.of(port)));
        held.add(new ServerSocket(given)); // the service can bind what it was given
        assertTrue(assignment("web").reason().startsWith(port + " was held by pid " + ProcessHandle.current().pid()),
                assignment("web").reason());
    }

    @Test
    void withoutAPreferredPortTheFirstFreePortOfTheRangeIsGiven() throws Exception {
        held.addAll(FreePorts.bindConsecutive(3));
        int low = held.get(0).getLocalPort();
        held.remove(2).close();
        held.remove(1).close();

        assertEquals(low + 1, allocate("web", new PortSpec(0, low, low + 2)));
        assertEquals("next free port of " + low + "-" + (low + 2), assignment("web").reason());
        assertFalse(assignment("web").moved());
    }

    @Test
    void rangeWithoutAPreferredPortAllTakenFailsNamingTheRangeAndTheFix() throws Exception {
        held.addAll(FreePorts.bindConsecutive(3));
        int low = held.get(0).getLocalPort();

        PortUnavailableException e = assertThrowsExactly(PortUnavailableException.class,
                () -> allocate("web", new PortSpec(0, low, low + 2)));

        assertTrue(e.getMessage().startsWith("port web.http: every port of " + low + "-" + (low + 2) + " is taken;"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("widen the range, free a port, or use \"auto\""), e.getMessage());
        assertEquals(List.of(), allocator().assignments());
    }

    @Test
    void autoGivesAFreePort() throws Exception {
        int port = allocate("web", PortSpec.auto());

        held.add(new ServerSocket(port));
        assertEquals("a free port", assignment("web").reason());
        assertFalse(assignment("web").moved());
    }

    @Test
    void noTwoPortsShareANumberWithinOrAcrossServices() throws Exception {
        // The system hands out recently used ports again, so among a few hundred a repeat is all but certain.
        Map<String, PortSpec> many = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            many.put("p" + i, PortSpec.auto());
        }
        Set<Integer> given = new HashSet<>(allocator().allocate("a", many).values());
        given.addAll(allocator().allocate("b", many).values());

        assertEquals(600, given.size());
    }

    @Test
    void secondServiceAskingForAPortLeasedToAnotherIsAConflictSayingWhoLeasedIt() throws Exception {
        int port = FreePorts.one();
        assertEquals(port, allocate("a", PortSpec.of(port)));
        PortAssignment leaseOfA = assignment("a");

        PortConflictException e = assertThrows(PortConflictException.class, () -> allocate("b", PortSpec.of(port)));

        assertEquals("b", e.service());
        assertEquals(port, e.port());
        assertEquals("leased to service a", holderOf(e).toString());
        assertTrue(e.getMessage().contains("leased to service a"), e.getMessage());
        assertEquals(List.of(leaseOfA), allocator().assignments());

        int second = allocator().reassign("b", "http", PortSpec.of(port));
        assertNotEquals(port, second);
        assertEquals(second, allocate("b", PortSpec.of(port)));
        assertTrue(assignment("b").reason().startsWith(port + " was leased to service a;"), assignment("b").reason());
        assertEquals(leaseOfA, assignment("a"));
    }

    @Test
    void sameServiceAskedAgainKeepsItsLease() throws Exception {
        int port = allocate("web", PortSpec.auto());
        PortAssignment first = assignment("web");

        assertEquals(port, allocate("web", PortSpec.auto()));
        assertEquals(first, assignment("web"));
    }

    @Test
    void releasedServiceIsForgottenAndItsPortGoesToOthers() throws Exception {
        int port = FreePorts.one();
        allocate("a", PortSpec.of(port));

        allocator().release("a");

        assertTrue(allocator().assignments().stream().noneMatch(x -> x.service().equals("a")));
        assertEquals(port, allocate("b", PortSpec.of(port)));
        assertEquals("preferred", assignment("b").reason());
    }

    @Test
    void changedSpecIgnoresTheOldLease() throws Exception {
        int leased = allocate("web", PortSpec.auto());
        PortAssignment old = assignment("web");
        int wanted = FreePorts.one();

        assertEquals(wanted, allocate("web", PortSpec.of(wanted)));
        assertNotEquals(leased, wanted);
        assertEquals("preferred", assignment("web").reason());
        assertTrue(assignment("web").since().isAfter(old.since()));
    }
}
