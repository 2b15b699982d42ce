/**
 * The journal: Vigil's append-only history. Today it holds every recovery attempt
 * ({@link dev.vigil.api.journal.RecoveryRecord}) and the scores made from them.
 */
@Export
@Version("0.2.0")
package dev.vigil.api.journal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
