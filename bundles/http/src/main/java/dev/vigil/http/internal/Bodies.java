package dev.vigil.http.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body with a bound, whether it came with a length or chunked. */
final class Bodies {
    private Bodies() {
    }

    /** @return the body's size, or -1 when it is larger than {@link RequestLimits#MAX_BODY} */
    static int drain(HttpServletRequest req) throws IOException {
        byte[] buf = new byte[8192];
        int total = 0;
        try (InputStream in = req.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > RequestLimits.MAX_BODY) {
                    return -1;
                }
            }
        }
        return total;
    }
}
