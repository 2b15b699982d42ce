/**
 * What the bundles that serve HTTP share, whichever servlet they register: how a body that is
 * rendered once for many requests is tagged, and how a conditional request is matched.
 */
@Export
@Version("0.2.0")
package dev.vigil.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
