package dev.vigil.recovery.coordinator.internal;

import dev.vigil.api.HealthStatus;
import dev.vigil.api.ServiceDefinition;
import dev.vigil.api.check.HealthMonitor;
import dev.vigil.api.check.ServiceHealth;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A dependent checked again once its dependency is repaired: given its verify timeout to be
 * healthy by itself (its checks may need a pass or two), and only then, if it is DOWN by its
 * own checks, handed to recovery as unhealthy. Its process is never touched for a fault of
 * its dependency.
 */
final class DependentCheck {
    private DependentCheck() {
    }

    static void run(ServiceDefinition dependent, HealthMonitor monitor, BiConsumer<String, String> unhealthy) {
        String name = dependent.name();
        monitor.recheck(name);
        long deadline = System.nanoTime() + dependent.verifyTimeout().toNanos();
        Optional<ServiceHealth> h = monitor.service(name);
        while (System.nanoTime() < deadline) {
            h = monitor.service(name);
            if (h.isEmpty() || h.get().status() != HealthStatus.DOWN || h.get().blockedBy() != null) {
                return; // healthy, not judged yet, or still waiting for another dependency
            }
            try {
                Thread.sleep(Verification.POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (h.isPresent() && h.get().status() == HealthStatus.DOWN && h.get().blockedBy() == null) {
            unhealthy.accept(name, "still DOWN after its dependencies recovered: " + h.get().cause());
        }
    }
}
