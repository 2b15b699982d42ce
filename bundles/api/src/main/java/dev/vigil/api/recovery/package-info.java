/**
 * The recovery-strategy SPI: one {@link dev.vigil.api.recovery.RecoveryStrategy} service per
 * strategy, found by its name.
 */
@Export
@Version("0.2.0")
package dev.vigil.api.recovery;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
