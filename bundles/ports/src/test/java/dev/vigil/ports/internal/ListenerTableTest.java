package dev.vigil.ports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.api.port.PortHolder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who listens on a port, as "vigil ports" shows it, read from the real /proc. */
class ListenerTableTest {
    private final ListenerTable table = new ListenerTable(Path.of("/proc"));
    private final long thisPid = ProcessHandle.current().pid();
    private ListeningProcess other;

    @TempDir
    Path dir;

    @BeforeEach
    void needsProc() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
    }

    @AfterEach
    void stopTheOtherProcess() throws InterruptedException {
        if (other != null) {
            other.close();
        }
    }

    private static ServerSocket bound(String address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return socket;
    }

    @Test
    void holderOfAnotherProcessesPortIsThatProcess() throws Exception {
        int port = FreePorts.one();
        other = ListeningProcess.start(dir, port);

        PortHolder holder = table.holder(port).orElseThrow(() -> new AssertionError("no holder of " + port));

        assertEquals(port, holder.port());
        assertEquals(other.pid(), holder.pid());
        assertEquals(System.getProperty("user.name"), holder.user());
        assertTrue(holder.commandLine().contains("Listen.java"), holder.commandLine());
        assertTrue(holder.toString().startsWith("pid " + other.pid() + " ("), holder.toString());
    }

    @Test
    void holderOfAPortThisJvmBoundIsThisJvm() throws IOException {
        try (ServerSocket socket = bound("127.0.0.1")) {
            Optional<PortHolder> holder = table.holder(socket.getLocalPort());

            assertEquals(thisPid, holder.map(PortHolder::pid).orElse(0L), () -> "holder: " + holder);
            assertEquals(System.getProperty("user.name"), holder.get().user());
        }
    }

    @Test
    void holderOfAnIpv6LoopbackPortIsFound() throws IOException {
        ServerSocket socket;
        try {
            socket = bound("::1");
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
            return;
        }
        try (socket) {
            assertEquals(Optional.of(thisPid), table.holder(socket.getLocalPort()).map(PortHolder::pid));
        }
    }

    @Test
    void freePortHasNoHolder() throws IOException {
        assertEquals(Optional.empty(), table.holder(FreePorts.one()));
    }

    @Test
    void withoutProcNobodyIsSeen() throws IOException {
        try (ServerSocket socket = bound("127.0.0.1")) {
            assertEquals(Optional.empty(), new ListenerTable(dir.resolve("no-proc")).holder(socket.getLocalPort()));
        }
    }

    @Test
    void portIsReadFromTheHexAddressOfTheKernelsTables() {
        assertEquals(8080, ListenerTable.portOf("0100007F:1F90"));
        assertEquals(8080, ListenerTable.portOf("00000000000000000000000001000000:1F90"));
        assertEquals(65535, ListenerTable.portOf("00000000:FFFF"));
    }
}
