/**
 * The health-check SPI: one {@link dev.vigil.api.check.CheckType} service per check type,
 * found by its type name.
 */
@Export
@Version("0.2.0")
package dev.vigil.api.check;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
