/**
 * Ports: what a service asks for ({@link dev.vigil.api.port.PortSpec}), what it was given
 * ({@link dev.vigil.api.port.PortAssignment}), and who holds a port
 * ({@link dev.vigil.api.port.PortHolder}).
 */
@Export
@Version("0.2.0")
package dev.vigil.api.port;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
