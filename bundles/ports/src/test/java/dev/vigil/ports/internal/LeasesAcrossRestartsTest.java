package dev.vigil.ports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vigil.api.port.PortAssignment;
import dev.vigil.api.port.PortConflictException;
import dev.vigil.api.port.PortHolder;
import dev.vigil.api.port.PortSpec;
import dev.vigil.api.port.PortUnavailableException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases in data/ports.json: what a service gets after the daemon restarts, and what the file looks like. */
class LeasesAcrossRestartsTest {
    @TempDir
    Path dir;

    private final List<ServerSocket> held = new ArrayList<>();
    private ListeningProcess other;

    /** A daemon (re)start: a fresh allocator on the same lease file. */
    private LeasedPortAllocator daemon() {
        return new LeasedPortAllocator(dir.resolve("ports.json"), Path.of("/proc"), new SteppingClock());
    }

    @AfterEach
    void freeEverything() throws Exception {
        FreePorts.close(held);
        if (other != null) {
            other.close();
        }
    }

    private static int allocate(LeasedPortAllocator daemon, PortSpec spec) throws PortUnavailableException {
        return daemon.allocate("web", Map.of("http", spec)).get("http");
    }

    private static PortAssignment web(LeasedPortAllocator daemon) {
        return daemon.assignments().stream().filter(a -> a.service().equals("web")).findFirst().orElseThrow();
    }

    private List<String> filesInDir() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Allocating {@code spec} for web.http fails naming the port and its holder, and changes nothing. */
    private PortConflictException conflict(LeasedPortAllocator daemon, PortSpec spec, int port, long holder)
            throws Exception {
        List<PortAssignment> before = daemon.assignments();
        byte[] fileBefore = Files.readAllBytes(dir.resolve("ports.json"));

        PortConflictException e = assertThrows(PortConflictException.class, () -> allocate(daemon, spec));

        assertEquals(port, e.port());
        assertEquals(holder, e.holder().map(PortHolder::pid).orElse(0L), e::getMessage);
        assertEquals(before, daemon.assignments());
        assertEquals(new String(fileBefore), Files.readString(dir.resolve("ports.json")));
        return e;
    }

    @Test
    void leaseIsKeptAfterARestartEvenWhenThePreferredPortIsFreeAgain() throws Exception {
        held.addAll(FreePorts.bindConsecutive(3));
        int base = held.get(0).getLocalPort();
        held.remove(0).close();
        other = ListeningProcess.start(dir, base);
        FreePorts.close(held);
        PortSpec spec = new PortSpec(base, base, base + 2);
        LeasedPortAllocator first = daemon();
        assertThrows(PortConflictException.class, () -> allocate(first, spec));
        assertEquals(base + 1, first.reassign("web", "http", spec));
        assertEquals(base + 1, allocate(first, spec));
        other.close();

        LeasedPortAllocator restarted = daemon();

        assertEquals(web(first), web(restarted));
        assertEquals(base + 1, allocate(restarted, spec));
        assertEquals(web(first), web(restarted)); // same port, same since, same reason
    }

    @Test
    void leasedPortTakenSinceTheRestartIsAConflictNamingTheHolderUntilReassigned() throws Exception {
        int leased = allocate(daemon(), PortSpec.auto());
        other = ListeningProcess.start(dir, leased);
        LeasedPortAllocator restarted = daemon();
        assertEquals(leased, web(restarted).port());

        conflict(restarted, PortSpec.auto(), leased, other.pid());

        int now = restarted.reassign("web", "http", PortSpec.auto());
        assertNotEquals(leased, now);
        assertEquals(now, allocate(restarted, PortSpec.auto()));
        assertTrue(web(restarted).reason().startsWith(leased + " was held by pid " + other.pid() + " ("),
                web(restarted).reason());
        assertEquals(web(restarted), web(daemon()));
    }

    @Test
    void preferredLeaseTakenSinceTheRestartIsAConflictNamingTheHolderUntilReassigned() throws Exception {
        int preferred = FreePorts.one();
        assertEquals(preferred, allocate(daemon(), PortSpec.of(preferred)));
        other = ListeningProcess.start(dir, preferred);
        LeasedPortAllocator restarted = daemon();

        PortConflictException e = conflict(restarted, PortSpec.of(preferred), preferred, other.pid());

        assertTrue(e.getMessage().startsWith("port web.http (" + preferred + ") is taken by pid " + other.pid()),
                e.getMessage());
        int now = restarted.reassign("web", "http", PortSpec.of(preferred));
        assertNotEquals(preferred, now);
        assertEquals(now, allocate(restarted, PortSpec.of(preferred)));
        assertTrue(web(restarted).moved());
        assertTrue(web(restarted).reason().startsWith(preferred + " was held by pid " + other.pid() + " ("),
                web(restarted).reason());
    }

    @Test
    void releasedServiceStaysForgottenAfterARestart() throws Exception {
        LeasedPortAllocator first = daemon();
        allocate(first, PortSpec.auto());
        first.release("web");

        assertEquals(List.of(), daemon().assignments());
    }

    @Test
    void unreadableLeaseFileIsSetAsideAndAllocationStillWorks() throws Exception {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, '{', '"', 'l', (byte) 0xc3};
        Files.write(dir.resolve("ports.json"), garbage);

        LeasedPortAllocator daemon = daemon();
        int port = allocate(daemon, PortSpec.auto());

        List<String> files = filesInDir();
        assertEquals(2, files.size(), files::toString);
        assertEquals("ports.json", files.get(0));
        assertTrue(files.get(1).startsWith("ports.json.unreadable-"), files::toString);
        assertEquals(new String(garbage, "ISO-8859-1"),
                new String(Files.readAllBytes(dir.resolve(files.get(1))), "ISO-8859-1"));
        assertEquals(port, web(daemon()).port());
    }

    @Test
    void savedLeaseFileIsJsonAndNoTemporaryFileIsLeft() throws Exception {
        LeasedPortAllocator daemon = daemon();
        int http = allocate(daemon, PortSpec.auto());
        daemon.allocate("db", Map.of("sql", PortSpec.auto()));
        daemon.release("db");

        JsonObject root = JsonParser.parseString(Files.readString(dir.resolve("ports.json"))).getAsJsonObject();

        JsonObject leases = root.getAsJsonObject("leases");
        assertEquals(List.of("web"), List.copyOf(leases.keySet()));
        assertEquals(http, leases.getAsJsonObject("web").getAsJsonObject("http").get("port").getAsInt());
        assertEquals(List.of("ports.json"), filesInDir());
    }

    @Test
    void aFailedSaveIsANoticeAndTheFileBeforeItStaysWhole() throws Exception {
        LeasedPortAllocator daemon = daemon();
        allocate(daemon, PortSpec.auto());
        String before = Files.readString(dir.resolve("ports.json"));
        // A directory where the temp file goes makes the save fail, as a full disk would.
        Files.createDirectories(dir.resolve("ports.json.tmp").resolve("blocker"));
        daemon.allocate("db", Map.of("pg", PortSpec.auto()));
        assertEquals(1, daemon.notices().size());
        assertTrue(daemon.notices().get(0).startsWith("cannot save the port leases"), daemon.notices().get(0));
        assertEquals(before, Files.readString(dir.resolve("ports.json")));
        Files.delete(dir.resolve("ports.json.tmp").resolve("blocker"));
        Files.delete(dir.resolve("ports.json.tmp"));
        daemon.allocate("cache", Map.of("redis", PortSpec.auto()));
        assertEquals(List.of(), daemon.notices());
        assertEquals(3, daemon().assignments().size());
    }

    @Test
    void aTempFileLeftByACrashIsRemovedAtStart() throws Exception {
        allocate(daemon(), PortSpec.auto());
        Files.writeString(dir.resolve("ports.json.tmp"), "{\"version\": 1, \"lea");
        assertEquals(1, daemon().assignments().size());
        assertEquals(List.of("ports.json"), filesInDir());
    }
}
