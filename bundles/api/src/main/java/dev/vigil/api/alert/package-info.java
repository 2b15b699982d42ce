/**
 * Alerts: what a configured sink is told when a service needs a person (FATAL, a failed
 * recovery) and when it no longer does ({@link dev.vigil.api.alert.Alert}), the sinks'
 * SPI ({@link dev.vigil.api.alert.AlertSink}) and their configuration
 * ({@link dev.vigil.api.alert.AlertSpec}).
 */
@Export
@Version("0.2.0")
package dev.vigil.api.alert;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
