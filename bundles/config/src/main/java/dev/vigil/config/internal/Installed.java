package dev.vigil.config.internal;

import dev.vigil.api.check.CheckValidator;
import java.util.Map;
import java.util.Set;

/**
 * What a config is checked against: the check types and recovery strategies there are, and
 * the validators of those types that have one. The daemon sees the bundles installed in it
 * ({@link InstalledBundles}); {@code vigil check-config} those in the distribution's
 * {@code bundles/} and {@code deploy/} folders ({@link InstalledJars}).
 *
 * @param where      how a message says where names were looked for: "is installed"
 * @param label      what the list of names found is called in a message: "installed"
 * @param checkTypes the check types there are, or null when unknown (then checks are not looked at)
 * @param validators each type's validator, by type
 * @param strategies the recovery strategies there are
 * @param sinkTypes  the alert sink types there are that a config may list (not the log, which is always on)
 */
record Installed(String where, String label, Set<String> checkTypes, Map<String, CheckValidator> validators,
                 Set<String> strategies, Set<String> sinkTypes) {
    /** When nothing was looked at: check types unknown, the strategies and sink types that ship with Vigil. */
    static final Installed SHIPPED = new Installed("ships with Vigil", "shipped", null, Map.of(), RecoveryList.SHIPPED,
            AlertSinks.SHIPPED);

    Installed {
        checkTypes = checkTypes == null ? null : Set.copyOf(checkTypes);
        validators = Map.copyOf(validators);
        strategies = Set.copyOf(strategies);
        sinkTypes = sinkTypes.stream().filter(t -> !t.equals(AlertSinks.LOG)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
