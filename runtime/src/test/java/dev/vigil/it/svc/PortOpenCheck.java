package dev.vigil.it.svc;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.check.CheckRequest;
import dev.vigil.api.check.CheckResult;
import dev.vigil.api.check.CheckType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;

/**
 * The check a service bundle built by the tests carries beside its service: UP when every
 * port of the service accepts a connection on loopback.
 */
@Component(property = CheckType.TYPE_PROPERTY + "=" + PortOpenCheck.TYPE)
public final class PortOpenCheck implements CheckType {
    static final String TYPE = "svc-port-open";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String describe() {
        return "every port of the service accepts a connection; shipped in a service bundle by the tests";
    }

    @Override
    public CompletionStage<CheckResult> run(CheckRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            int timeout = (int) Math.max(1, request.timeout().toMillis());
            for (Map.Entry<String, Integer> port : request.ports().entrySet()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.getValue()), timeout);
                } catch (IOException e) {
                    return result(HealthStatus.DOWN, port.getKey() + " (" + port.getValue() + ") refused: "
                            + e.getMessage(), started);
                }
            }
            return result(HealthStatus.UP, request.ports().size() + " ports open", started);
        });
    }

    private static CheckResult result(HealthStatus status, String message, long started) {
        return new CheckResult(status, message, Duration.ofNanos(System.nanoTime() - started), Instant.now());
    }
}
