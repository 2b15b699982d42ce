/**
 * The journal: Vigil's append-only history. It holds every recovery attempt
 * ({@link dev.vigil.api.journal.RecoveryRecord}) and the scores made from them, and the
 * history of every service and of the system ({@link dev.vigil.api.journal.HistoryEvent})
 * with the availability worked out from it ({@link dev.vigil.api.journal.Availability}).
 */
@Export
@Version("0.3.0")
package dev.vigil.api.journal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
