package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify datagrams through a real Unix datagram socket, and which watchdog settings apply. */
class SystemdNotifierTest {
    @TempDir
    Path tmp;

    @Test
    void sendsOneDatagramToTheSocketSystemdNames() {
        Path path = tmp.resolve("notify");
        try (NotifySocket systemd = new NotifySocket(path)) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path.toString()))
                    .orElseThrow();
            notifier.send("READY=1\nMAINPID=42");
            assertEquals("READY=1\nMAINPID=42", systemd.await(Duration.ofSeconds(5), "READY", m -> true));
        }
    }

    @Test
    void saysWhereAndWhyASendFailed() {
        Path missing = tmp.resolve("nobody-listens");
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", missing.toString()))
                .orElseThrow();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> notifier.send("WATCHDOG=1"));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("errno 2"), e.getMessage());
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        assertTrue(SystemdNotifier.fromEnvironment(Map.of()).isEmpty());
    }

    @Test
    void watchdogAppliesOnlyToTheProcessItNames() {
        assertEquals(400_000, SystemdLink.watchdogMicros(Map.of("WATCHDOG_USEC", "400000"), 7));
        assertEquals(400_000, SystemdLink.watchdogMicros(Map.of("WATCHDOG_USEC", "400000", "WATCHDOG_PID", "7"), 7));
        assertEquals(0, SystemdLink.watchdogMicros(Map.of("WATCHDOG_USEC", "400000", "WATCHDOG_PID", "8"), 7));
        assertEquals(0, SystemdLink.watchdogMicros(Map.of(), 7));
    }

    @Test
    void abstractNamesStartWithANulByte() {
        byte[] addr = SystemdNotifier.sockaddr("@vigil");
        assertEquals(2 + 1 + 5, addr.length);
        assertEquals(0, addr[2]);
        assertEquals('v', addr[3]);
    }
}
