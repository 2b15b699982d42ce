package dev.vigil.check.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.api.HealthStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a plugin's answer by the Nagios plugin convention. */
class PluginOutputTest {

    @Test
    void exitCodesGiveTheStatus() {
        assertEquals(HealthStatus.UP, PluginOutput.parse(0, "OK").status());
        assertEquals(HealthStatus.DEGRADED, PluginOutput.parse(1, "WARNING").status());
        assertEquals(HealthStatus.DOWN, PluginOutput.parse(2, "CRITICAL").status());
        assertEquals(HealthStatus.UNKNOWN, PluginOutput.parse(3, "UNKNOWN").status());
    }

    @Test
    void exitCodesOutOfRangeAreUnknownAndSaySo() {
        PluginOutput killed = PluginOutput.parse(137, "Killed");
        assertEquals(HealthStatus.UNKNOWN, killed.status());
        assertEquals("exit 137 is not a plugin status (0-3): Killed", killed.message());
        assertEquals(HealthStatus.UNKNOWN, PluginOutput.parse(-1, "").status());
        assertEquals("exit -1 is not a plugin status (0-3): exit -1 with no output", PluginOutput.parse(-1, "").message());
        assertEquals(HealthStatus.UNKNOWN, PluginOutput.parse(4, "x").status());
    }

    @Test
    void theFirstLineBeforeTheBarIsTheMessage() {
        PluginOutput out = PluginOutput.parse(0, "  TCP OK - 0.000 second response time |time=0.000183s;;;0.000000;10.000000\n"
                + "more detail\nmore | late=1\n");
        assertEquals("TCP OK - 0.000 second response time", out.message());
        assertEquals(Map.of("time_s", 0.000183), out.metrics());
    }

    @Test
    void withoutPerformanceDataThereAreNoMetrics() {
        PluginOutput out = PluginOutput.parse(2, "connect to address 127.0.0.1 and port 1: Connection refused\n");
        assertEquals("connect to address 127.0.0.1 and port 1: Connection refused", out.message());
        assertEquals(Map.of(), out.metrics());
    }

    @Test
    void noOutputAtAllIsSaid() {
        assertEquals("exit 2 with no output", PluginOutput.parse(2, "").message());
        assertEquals("exit 0 with no output", PluginOutput.parse(0, "\n\n").message());
        assertEquals("exit 0 with no output", PluginOutput.parse(0, "| a=1").message());
        assertEquals(Map.of("a", 1.0), PluginOutput.parse(0, "| a=1").metrics());
    }

    @Test
    void unitsBecomePartOfTheName() {
        PluginOutput out = PluginOutput.parse(0, "OK | time=12ms;100;200;0 size=4039B;;;0; used=97.5%;90;95 "
                + "uptime=3600s count=7 c=12c /=23454547968B;0;0;0;270552530944");
        assertEquals(Map.of("time_ms", 12.0, "size_B", 4039.0, "used_percent", 97.5, "uptime_s", 3600.0,
                "count", 7.0, "c_c", 12.0, "/_B", 23454547968.0), out.metrics());
    }

    @Test
    void quotedLabelsMayHoldSpacesAndEquals() {
        PluginOutput out = PluginOutput.parse(1, "WARNING - slow | 'response time'=1.5s;1;2 'a=b c'=-3 plain=0");
        assertEquals("WARNING - slow", out.message());
        assertEquals(Map.of("response time_s", 1.5, "a=b c", -3.0, "plain", 0.0), out.metrics());
    }

    @Test
    void valuesThatAreNoFigureAreSkipped() {
        PluginOutput out = PluginOutput.parse(0, "OK | version=1.2.3 missing=U good=5");
        assertEquals(Map.of("good", 5.0), out.metrics());
    }
}
