/**
 * The system's status: one verdict, computed in one place, that the shell, the HTTP
 * endpoints and the CLI exit codes all render.
 */
@Export
@Version("0.3.0")
package dev.vigil.api.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
