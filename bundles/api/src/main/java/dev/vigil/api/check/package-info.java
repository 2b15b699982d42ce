/**
 * The health-check SPI: one {@link dev.vigil.api.check.CheckType} service per check type,
 * found by its type name, and one {@link dev.vigil.api.check.CheckValidator} saying which
 * parameters it reads and which values they accept (since 0.3.0), and the
 * {@link dev.vigil.api.check.CheckObserver}s told of every result as it happens (since 0.4.0).
 */
@Export
@Version("0.4.0")
package dev.vigil.api.check;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
