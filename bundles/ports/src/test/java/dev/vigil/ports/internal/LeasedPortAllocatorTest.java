package dev.vigil.ports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.port.PortUnavailableException;
import java.net.ServerSocket;
import java.nio.file.Files;
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

/** Which port a service is given within one run of the daemon, with real sockets and a real other process. */
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

    @Test
    void freePreferredPortIsGiven() throws Exception {
        int port = FreePorts.one();

        assertEquals(port, allocate("web", PortSpec.of(port)));
        assertEquals("preferred", assignment("web").reason());
        assertFalse(assignment("web").moved());
    }

    @Test
    void preferredPortHeldByAnotherProcessMovesToTheNextFreeOneOfTheRange() throws Exception {
        held.addAll(FreePorts.bindConsecutive(3));
        int base = held.get(0).getLocalPort();
        held.remove(0).close();
        other = ListeningProcess.start(dir, base);
        FreePorts.close(held);

        assertEquals(base + 1, allocate("web", new PortSpec(base, base, base + 2)));
        PortAssignment a = assignment("web");
        assertTrue(a.moved());
        assertTrue(a.reason().startsWith(base + " was held by pid " + other.pid() + " ("), a.reason());
        assertTrue(a.reason().contains("Listen.java"), a.reason());
    }

    @Test
    void preferredPortTakenWithoutARangeGivesAnyFreePort() throws Exception {
        ServerSocket taken = new ServerSocket(0);
        held.add(taken);

        int port = allocate("web", PortSpec.of(taken.getLocalPort()));

        assertNotEquals(taken.getLocalPort(), port);
        held.add(new ServerSocket(port)); // the service can bind what it was given
        assertTrue(assignment("web").reason().startsWith(
                taken.getLocalPort() + " was held by pid " + ProcessHandle.current().pid()), assignment("web").reason());
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
    void wholeRangeTakenFailsNamingThePortTheRangeAndTheFix() throws Exception {
        held.addAll(FreePorts.bindConsecutive(3));
        int low = held.get(0).getLocalPort();
        int high = low + 2;
        allocator().allocate("web", Map.of("admin", PortSpec.auto()));
        List<PortAssignment> before = allocator().assignments();
        byte[] fileBefore = Files.readAllBytes(dir.resolve("ports.json"));
        Map<String, PortSpec> ports = new LinkedHashMap<>();
        ports.put("admin", PortSpec.of(FreePorts.one())); // would change the admin lease if it went through
        ports.put("http", new PortSpec(low, low, high));

        PortUnavailableException e = assertThrows(PortUnavailableException.class,
                () -> allocator().allocate("web", ports));

        assertTrue(e.getMessage().startsWith("port web.http: every port of " + low + "-" + high + " is taken"),
                e.getMessage());
        assertTrue(e.getMessage().contains("held by pid " + ProcessHandle.current().pid()), e.getMessage());
        assertTrue(e.getMessage().endsWith("widen the range, free a port, or use \"auto\""), e.getMessage());
        assertEquals(before, allocator().assignments());
        assertEquals(new String(fileBefore), Files.readString(dir.resolve("ports.json")));
    }

    @Test
    void secondServiceAskingForALeasedPortGetsAnother() throws Exception {
        int port = FreePorts.one();
        assertEquals(port, allocate("a", PortSpec.of(port)));

        int second = allocate("b", PortSpec.of(port));

        assertNotEquals(port, second);
        assertTrue(assignment("b").reason().startsWith(port + " was leased to service a;"), assignment("b").reason());
        assertEquals(port, assignment("a").port());
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
