package dev.vigil.recovery.restoreconfig.internal;

import dev.vigil.api.recovery.ConfigControl;
import dev.vigil.api.recovery.Failure;
import dev.vigil.api.recovery.FailureKind;
import dev.vigil.api.recovery.RecoveryOutcome;
import dev.vigil.api.recovery.RecoveryStrategy;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The restore-config strategy: a config that turned invalid is refused and the
 * last-known-good copy stays (or is put back) in force; the file is never touched. The
 * attempt is recorded with the refused file's errors.
 */
@Component(service = RecoveryStrategy.class, property = RecoveryStrategy.NAME_PROPERTY + "=restore-config")
public final class RestoreConfigStrategy implements RecoveryStrategy {

    @Reference
    private ConfigControl config;

    @Override
    public String name() {
        return "restore-config";
    }

    @Override
    public Set<FailureKind> handles() {
        return Set.of(FailureKind.CONFIG_INVALID);
    }

    @Override
    public String describe() {
        return "keep (or put back) the last-known-good config when a change is invalid; handles [CONFIG_INVALID]";
    }

    @Override
    public RecoveryOutcome recover(Failure failure) {
        try {
            return RecoveryOutcome.acted(config.restoreLastKnownGood() + "; " + failure.cause());
        } catch (IllegalStateException e) {
            return RecoveryOutcome.passed(e.getMessage());
        }
    }
}
