/**
 * Vigil's core contracts: what a supervised service is, what state it is in, the
 * supervisor that runs it, the loaded configuration and the event topics.
 */
@Export
@Version("0.6.0")
package dev.vigil.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
