package dev.vigil.api.recovery;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What recovery may do to the configuration. Provided by the config bundle; thread-safe.
 */
@ProviderType
public interface ConfigControl {

    /**
     * Puts the last-known-good copy of the config file in force, unless it is in force
     * already (a refused reload leaves it so). The file itself is never touched.
     *
     * @return one line saying what is in force now, and since when it was saved
     * @throws IllegalStateException when there is no usable last-known-good copy
     */
    String restoreLastKnownGood();

    /** Whether the config in force is the last-known-good copy of the config file, as it was saved. */
    boolean lastKnownGoodInForce();
}
